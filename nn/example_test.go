package nn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/nn"
)

func ExampleSchedule_At() {
	s := nn.Schedule{LR: 1e-2, Final: 1e-4, Steps: 100}
	fmt.Printf("%.4g %.4g %.4g %.4g\n", s.At(0), s.At(50), s.At(100), s.At(150))
	// Output: 0.01 0.00505 0.0001 0.0001
}

func ExampleMLPWorker_Forward() {
	cfg := nn.MLPConfig{In: 36, Out: 3, Freqs: nn.LogSpace(1, 1000, nn.DefaultHidden)}
	mlp, err := nn.NewMLP(cfg, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	const n = 4
	z := make([]float32, n*mlp.In())
	out := make([]float32, n*mlp.Out())
	w := mlp.NewWorker()
	w.Forward(out, z, n)
	fmt.Println(nn.Count(mlp.Params()), "parameters,", len(out), "outputs")
	// Output: 6723 parameters, 12 outputs
}

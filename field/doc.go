// Package field is the neural field itself: the Encoder interface every
// encoder satisfies (the multi-resolution grid of package grid and the
// adaptive RBFs of package rbf), the Hybrid that concatenates encoders and
// adds a bias (NeuRBF's hybrid when it holds a grid and RBFs), the Model
// (encoder plus the sine-residual decoder of package nn), the Trainer (Adam
// with per-group cosine schedules; each step's batch cut into fixed
// shards whose gradients are summed in order, so results do not depend on
// the thread count; recorders for progress), the two tasks (ImageTask: pixels with the MSE loss; SDFTask:
// 4:3:1 samples of a mesh's exact signed distance with the MAPE loss), and
// snapshots (docs/SNAPSHOT.md).
//
// Configuration is the plain Config struct: zero fields mean the paper's
// defaults (docs/METHOD.md), Resolve fills them in, and the resolved struct is
// stored in every snapshot. The usual sequence is
//
//	m, _ := field.NewImageModel(cfg, img)
//	task := field.NewImageTask(img, batch)
//	m.Encoder.Fix(task.Points())
//	tr, _ := field.NewTrainer(m, task, threads)
//	defer tr.Close()
//	tr.Run(ctx)
//	m.Save(path, tr.StepsDone(), tr.Elapsed().Seconds())
//
// and a saved model evaluates bit for bit like the trained one after Load.
package field

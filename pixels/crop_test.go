package pixels

import "testing"

func TestCenterCrop(t *testing.T) {
	img := New(7, 6, 3)
	for i := range img.Pix {
		img.Pix[i] = float32(i)
	}
	out, err := CenterCrop(img, 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	if out.W != 4 || out.H != 3 || out.C != 3 {
		t.Fatalf("got %d×%d×%d", out.W, out.H, out.C)
	}
	// Margins 3 and 3: the crop starts at (1, 1).
	for y := range 3 {
		for x := range 4 {
			for c := range 3 {
				if got, want := out.Pix[(y*4+x)*3+c], img.Pix[((y+1)*7+x+1)*3+c]; got != want {
					t.Fatalf("(%d,%d,%d) = %v, want %v", x, y, c, got, want)
				}
			}
		}
	}
	if same, err := CenterCrop(img, 7, 6); err != nil || len(same.Pix) != len(img.Pix) || same.Pix[41] != img.Pix[41] {
		t.Errorf("full-size crop: %v", err)
	}
	for _, wh := range [][2]int{{0, 3}, {3, -1}, {8, 2}, {2, 7}} {
		if _, err := CenterCrop(img, wh[0], wh[1]); err == nil {
			t.Errorf("CenterCrop(%d×%d) of 7×6: no error", wh[0], wh[1])
		}
	}
}

package pixelstest

import "testing"

func TestRealImageLoadsFetchedFiles(t *testing.T) {
	img := RealImage(t, "chelsea.png")
	if img.W != 451 || img.H != 300 || img.C != 3 {
		t.Errorf("chelsea.png is %d×%d×%d, want 451×300×3", img.W, img.H, img.C)
	}
}

func TestRealImageSkipsWhenAbsent(t *testing.T) {
	var skipped bool
	t.Run("absent", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		RealImage(t, "no-such-file.png")
		t.Error("RealImage returned for a missing file")
	})
	if !skipped {
		t.Error("RealImage did not skip for a missing file")
	}
}

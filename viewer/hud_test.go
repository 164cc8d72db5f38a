//go:build viewer

package viewer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFitHUD: the HUD's lines fit the columns given, break between items
// where they can, and keep every character in order (every word, when
// the longest fits a line).
func TestFitHUD(t *testing.T) {
	const long = "supercalifragilisticexpialidocious" // 34 characters
	text := "image recon  zoom 1.00x\n1 recon  2 gt  3 error  v split  r RBFs  drag pan  shift-drag split  scroll zoom  0 reset\n" +
		"training: step 120/400  PSNR 23.45 dB  512k samples/s  view at step 118\n" + long
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, cols := range []int{200, 60, 34, 30, 12, 1, 0} {
		lines := fitHUD(text, cols)
		for _, l := range lines {
			if n := utf8.RuneCountInString(l); n > max(cols, 1) {
				t.Errorf("%d columns: line %q has %d", cols, l, n)
			}
		}
		joined := strings.Join(lines, "\n")
		if squeeze(joined) != squeeze(text) {
			t.Errorf("%d columns: characters changed:\n%s", cols, joined)
		}
		if cols >= utf8.RuneCountInString(long) && strings.Join(strings.Fields(joined), " ") != strings.Join(strings.Fields(text), " ") {
			t.Errorf("%d columns: words changed:\n%s", cols, joined)
		}
	}
	if got := fitHUD(text, 200); strings.Join(got, "\n") != text {
		t.Errorf("wide enough: %q, want the text unchanged", got)
	}
	got := fitHUD("1 recon  2 gt  3 error", 12)
	if want := []string{"1 recon", "2 gt", "3 error"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("12 columns: %q, want %q (breaks between items)", got, want)
	}
	got = fitHUD("step 120/400  PSNR 23.45 dB", 9)
	if want := []string{"step", "120/400", "PSNR", "23.45 dB"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("9 columns: %q, want %q (a long item breaks at its spaces)", got, want)
	}
}

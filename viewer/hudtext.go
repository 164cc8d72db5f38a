//go:build viewer

package viewer

import "fmt"

// hudText is the HUD's content for a w×h view: the view, then the
// training state.
func (a *app) hudText(w, h int) string {
	var s string
	if a.isSDF() {
		v := a.sdf
		s = fmt.Sprintf("SDF %s  az %.0f el %.0f dist %.2f", v.Mode, v.Camera.Azimuth, v.Camera.Elevation, camDist(v.Camera))
		if v.Mode == SDFSlice {
			s += fmt.Sprintf("  slice %c=%.2f", "xyz"[v.SliceAxisFor(v.Camera)], v.SlicePos)
			if v.SliceAxis == SliceAuto {
				s += " (axis follows the camera)"
			}
		}
		s += "\n1-4 mode  drag rotate  right-drag pan  scroll zoom  [ ] slice  x axis  m mesh  c centres"
	} else {
		v := a.img
		mode := v.Layer.String()
		if v.Split >= 0 {
			mode = "split"
		}
		s = fmt.Sprintf("image %s  zoom %.2fx", mode, v.zoom(w, h))
		if v.tiled != nil {
			s += "\n" + v.tiled.status(v)
		}
		s += "\n1 recon  2 gt  3 error  v split  r RBFs  drag pan  shift-drag split  scroll zoom  0 reset"
	}
	if l := a.sc.Live; l != nil {
		p := l.Progress()
		state := "training"
		select {
		case <-l.Done():
			state = "done"
		default:
			if l.Paused() {
				state = "paused"
			}
		}
		s += fmt.Sprintf("\n%s: step %d", state, p.Step)
		if p.Steps > 0 {
			s += fmt.Sprintf("/%d", p.Steps)
		}
		if a.isSDF() {
			s += fmt.Sprintf("  loss %.4g", p.Loss)
		} else {
			s += fmt.Sprintf("  PSNR %.2f dB", p.PSNR)
		}
		if sec := p.Elapsed.Seconds(); sec > 0 {
			s += fmt.Sprintf("  %.0fk samples/s", float64(p.Samples)/sec/1e3)
		}
		s += fmt.Sprintf("  view at step %d\nspace pause/resume  s save", a.shown)
	}
	return s
}

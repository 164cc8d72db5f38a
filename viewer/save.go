//go:build viewer

package viewer

import (
	"fmt"
	"time"
)

// save writes a snapshot of the model on screen to o.SavePath.
func (a *app) save() {
	path := a.o.SavePath
	if path == "" {
		fmt.Fprintln(a.o.Log, "no save path set (--save)")
		return
	}
	var err error
	if l := a.sc.Live; l != nil {
		err = l.Save(path)
	} else {
		err = a.sc.Model.Save(path, a.sc.Steps, a.sc.Seconds)
	}
	if err != nil {
		fmt.Fprintln(a.o.Log, "save:", err)
		return
	}
	fmt.Fprintln(a.o.Log, "saved", path)
}

// screenshot writes the window's picture to o.Screenshot.
func (a *app) screenshot() {
	path := a.o.Screenshot
	if path == "" {
		path = "neurbf-view.png"
	}
	w, h := a.win.GetFramebufferSize()
	a.moved = time.Time{} // full resolution
	a.draw(w, h)
	if err := savePNG(path, ReadWindow(w, h)); err != nil {
		fmt.Fprintln(a.o.Log, "screenshot:", err)
		return
	}
	fmt.Fprintln(a.o.Log, "wrote", path)
}

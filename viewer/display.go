//go:build viewer

package viewer

import (
	"errors"
	"os"
)

// ErrNoDisplay is returned when neither an X11 nor a Wayland display is
// available. GLFW would only log the problem, so the viewer checks first.
var ErrNoDisplay = errors.New("no display: neither DISPLAY nor WAYLAND_DISPLAY is set (run under X11 or Wayland, or headless as xvfb-run -a neurbf-view ...)")

// CheckDisplay returns ErrNoDisplay when the environment names no display.
func CheckDisplay() error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return ErrNoDisplay
	}
	return nil
}

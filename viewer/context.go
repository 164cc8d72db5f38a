//go:build viewer

package viewer

import (
	"fmt"
	"runtime"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// OpenGL and GLFW calls must all come from the main thread; without this
// lock GL calls made after the goroutine migrates silently do nothing.
func init() { runtime.LockOSThread() }

// Window is a GLFW window with a current OpenGL 4.1 core context.
type Window struct {
	*glfw.Window
	vao uint32 // empty vertex array for full-screen triangles
}

// OpenWindow initialises GLFW, opens a w×h window with an OpenGL 4.1 core
// context and makes it current. A hidden window still has a context, for
// off-screen rendering. It returns ErrNoDisplay, or an error saying what
// failed, instead of letting GLFW log.
func OpenWindow(title string, w, h int, visible bool) (*Window, error) {
	if err := CheckDisplay(); err != nil {
		return nil, err
	}
	if err := glfw.Init(); err != nil {
		return nil, fmt.Errorf("initialising GLFW: %w", err)
	}
	glfw.WindowHint(glfw.ContextVersionMajor, 4)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	glfw.WindowHint(glfw.OpenGLProfile, glfw.OpenGLCoreProfile)
	glfw.WindowHint(glfw.OpenGLForwardCompatible, glfw.True)
	glfw.WindowHint(glfw.Resizable, glfw.True)
	vis := glfw.False
	if visible {
		vis = glfw.True
	}
	glfw.WindowHint(glfw.Visible, vis)
	win, err := glfw.CreateWindow(w, h, title, nil, nil)
	if err != nil {
		glfw.Terminate()
		return nil, fmt.Errorf("opening an OpenGL 4.1 core window: %w", err)
	}
	win.MakeContextCurrent()
	if err := gl.Init(); err != nil {
		win.Destroy()
		glfw.Terminate()
		return nil, fmt.Errorf("loading OpenGL functions: %w", err)
	}
	glfw.SwapInterval(0)
	wd := &Window{Window: win}
	gl.GenVertexArrays(1, &wd.vao)
	gl.BindVertexArray(wd.vao)
	return wd, nil
}

// Renderer returns the OpenGL renderer's name and version, such as
// "llvmpipe (LLVM 15.0.6, 256 bits)" and "4.5 (Core Profile) Mesa 22.3.6".
func (w *Window) Renderer() string {
	return gl.GoStr(gl.GetString(gl.RENDERER)) + ", OpenGL " + gl.GoStr(gl.GetString(gl.VERSION))
}

// Close destroys the window and terminates GLFW.
func (w *Window) Close() {
	gl.DeleteVertexArrays(1, &w.vao)
	w.Destroy()
	glfw.Terminate()
}

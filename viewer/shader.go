//go:build viewer

package viewer

import (
	"fmt"
	"strings"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// program is a linked shader program with its uniform locations cached.
type program struct {
	id       uint32
	uniforms map[string]int32
}

// newProgram compiles and links a vertex and a fragment shader. Errors
// carry the driver's info log.
func newProgram(name, vertex, fragment string) (*program, error) {
	vs, err := compileShader(name+" vertex shader", vertex, gl.VERTEX_SHADER)
	if err != nil {
		return nil, err
	}
	defer gl.DeleteShader(vs)
	fs, err := compileShader(name+" fragment shader", fragment, gl.FRAGMENT_SHADER)
	if err != nil {
		return nil, err
	}
	defer gl.DeleteShader(fs)
	id := gl.CreateProgram()
	gl.AttachShader(id, vs)
	gl.AttachShader(id, fs)
	gl.LinkProgram(id)
	var ok int32
	gl.GetProgramiv(id, gl.LINK_STATUS, &ok)
	if ok == gl.FALSE {
		var n int32
		gl.GetProgramiv(id, gl.INFO_LOG_LENGTH, &n)
		log := make([]byte, n+1)
		gl.GetProgramInfoLog(id, n, nil, &log[0])
		gl.DeleteProgram(id)
		return nil, fmt.Errorf("viewer: linking the %s program: %s", name, strings.TrimRight(string(log), "\x00\n"))
	}
	return &program{id: id, uniforms: map[string]int32{}}, nil
}

// compileShader compiles one shader stage.
func compileShader(name, src string, kind uint32) (uint32, error) {
	s := gl.CreateShader(kind)
	csrc, free := gl.Strs(src + "\x00")
	gl.ShaderSource(s, 1, csrc, nil)
	free()
	gl.CompileShader(s)
	var ok int32
	gl.GetShaderiv(s, gl.COMPILE_STATUS, &ok)
	if ok == gl.FALSE {
		var n int32
		gl.GetShaderiv(s, gl.INFO_LOG_LENGTH, &n)
		log := make([]byte, n+1)
		gl.GetShaderInfoLog(s, n, nil, &log[0])
		gl.DeleteShader(s)
		return 0, fmt.Errorf("viewer: compiling the %s: %s", name, strings.TrimRight(string(log), "\x00\n"))
	}
	return s, nil
}

// loc returns the location of a uniform (−1 when the driver optimised it
// away, which GL ignores).
func (p *program) loc(name string) int32 {
	l, ok := p.uniforms[name]
	if !ok {
		l = gl.GetUniformLocation(p.id, gl.Str(name+"\x00"))
		p.uniforms[name] = l
	}
	return l
}

func (p *program) use() { gl.UseProgram(p.id) }

func (p *program) setInt(name string, v int32) { gl.Uniform1i(p.loc(name), v) }

func (p *program) setFloat(name string, v float32) { gl.Uniform1f(p.loc(name), v) }

func (p *program) setVec2(name string, x, y float32) { gl.Uniform2f(p.loc(name), x, y) }

func (p *program) setVec3(name string, v [3]float32) { gl.Uniform3f(p.loc(name), v[0], v[1], v[2]) }

func (p *program) setVec4(name string, x, y, z, w float32) { gl.Uniform4f(p.loc(name), x, y, z, w) }

func (p *program) setMat4(name string, m *[16]float32) {
	gl.UniformMatrix4fv(p.loc(name), 1, false, &m[0])
}

func (p *program) delete() { gl.DeleteProgram(p.id) }

package render_test

import (
	"fmt"
	"log"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

func ExampleRenderSDF() {
	// A sphere seen from +z: the normal map's centre faces the eye.
	ball := render.SolidSDF(sdftest.Sphere{Radius: 0.5})
	img, err := render.RenderSDF(ball, render.Camera{}, 33, 33, render.Normals, nil)
	if err != nil {
		log.Fatal(err)
	}
	c := img.Pix[(16*33+16)*3:][:3]
	fmt.Printf("centre %.2f, corner %.2f\n", c, img.Pix[:3])
	// Output: centre [0.50 0.50 1.00], corner [1.00 1.00 1.00]
}

func ExampleTurntable() {
	// Eight views of a torus and of its mesh, each pair side by side.
	torus := sdftest.Torus{Major: 0.6, Minor: 0.2}
	sdf, m := render.SolidSDF(torus), torus.Mesh(16)
	var rd render.SDFRenderer
	strip, err := render.Turntable(render.Camera{Elevation: 30}, 8, func(c render.Camera) (*pixels.Image, error) {
		traced := pixels.New(64, 64, 3)
		if err := rd.Render(traced, sdf, c, render.Shade); err != nil {
			return nil, err
		}
		raster, err := render.RenderMesh(m, c, 64, 64, render.Shade, nil)
		if err != nil {
			return nil, err
		}
		return pixels.FromImage(render.Side(pixels.ToNRGBA(traced), pixels.ToNRGBA(raster))), nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strip.W, "x", strip.H)
	// Output: 1088 x 64
}

package assets

import _ "embed" // for the go:embed directives

// Camera is camera.png, a 512×512 8-bit gray PNG (CC0).
//
//go:embed camera.png
var Camera []byte

// Coffee is coffee.png, a 600×400 8-bit RGB PNG (CC0).
//
//go:embed coffee.png
var Coffee []byte

// Bunny is bunny.obj, the low-resolution Stanford Bunny of the npm package
// bunny@1.0.1 as a closed, outward-oriented OBJ triangle mesh of 1,839
// vertices and 3,674 faces (Stanford 3D Scanning Repository; research use
// with credit). Decode it with mesh.Decode.
//
//go:embed bunny.obj
var Bunny []byte

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

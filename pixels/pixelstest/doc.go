// Package pixelstest helps tests use the real images that
// scripts/fetch-testdata.sh downloads into testdata/real/ at the root of
// the repository. Those files are not committed, so RealImage skips the
// calling test, saying how to fetch them, when they are absent. Locating
// real test data of any kind is internal/testfiles's job; this package
// only adds the decoding of images.
package pixelstest

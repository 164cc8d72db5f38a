// Package pixelstest helps tests use the real images that
// scripts/fetch-testdata.sh downloads into testdata/real/ at the root of
// the repository. Those files are not committed, so the helpers skip the
// calling test, saying how to fetch them, when they are absent.
package pixelstest

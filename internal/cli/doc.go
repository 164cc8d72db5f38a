// Package cli is the one command-line grammar of neurbf's programs (neurbf
// and neurbf-view), so that a user who has learnt one command knows them
// all.
//
// The grammar:
//   - Flags may come before, between or after positional arguments:
//     `neurbf render model.nrbf -o out.png` and `neurbf render -o out.png
//     model.nrbf` mean the same.
//   - A flag is spelt --name or -name, its value as --name=value or as the
//     next argument (--name value). Boolean flags take no separate value
//     (--exact, or --exact=false).
//   - `--` ends the flags: every argument after it is positional, even one
//     that starts with a dash.
//   - -h, --help (and -help) print the command's help on standard output
//     and succeed (exit code 0). Help lists every flag in the spelling
//     users type: one-letter flags as -o, longer ones as --name, each with
//     a placeholder for its value and its default when that is not the
//     zero value.
//   - --version prints the program's version (Version) and succeeds, on
//     every command that does not define a flag of that name.
//   - A usage error (unknown flag, missing or malformed value, wrong
//     arguments) is one line on standard error and exit code 2; any other
//     failure is one line and exit code 1 (Exit).
//
// JSON conventions: a command whose output is text for people prints it
// as JSON instead with a --json flag (Command.JSONFlag); a command whose
// only output is a measurement (neurbf eval) prints JSON without being
// asked. Either way standard output then holds exactly one JSON document,
// written with WriteJSON (two-space indentation, a final newline, keys in
// snake_case), and notes and progress go to standard error, so that the
// output can be piped into a JSON parser.
//
// Progress: a long phase of work (marching cubes, sampling, scoring) shows
// itself with a Phase, a line rewritten in place on a terminal and one
// line when it ends otherwise.
package cli

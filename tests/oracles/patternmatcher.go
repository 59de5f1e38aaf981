// A test oracle: BuildKit's .dockerignore matcher (moby/patternmatcher, from
// Debian's golang-github-moby-patternmatcher-dev) answering for dockerls' tests.
//
// Input: one JSON object per line, {"patterns": [...], "paths": [...]}; the
// patterns are what the ignore file's lines become after its reader cleans
// them. Output: one JSON object per line, {"error": "..."} when BuildKit
// refuses the patterns, else {"excluded": [...]} with one entry per path: true,
// false, or null when matching that path failed. Each path is matched the way
// BuildKit's context walk does: its parent directories first, each passing its
// match results on to the next (MatchesUsingParentResults).
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"

	"github.com/moby/patternmatcher"
)

type request struct {
	Patterns []string `json:"patterns"`
	Paths    []string `json:"paths"`
}

type answer struct {
	Error    string  `json:"error,omitempty"`
	Excluded []*bool `json:"excluded,omitempty"`
}

// walk answers nil where matching fails. (Debian's 0.5.0 panics where a pattern's
// expression failed to compile and is evaluated a second time; later versions return
// ErrBadPattern. Either way BuildKit's build fails.)
func walk(matcher *patternmatcher.PatternMatcher, path string) (answer *bool) {
	defer func() {
		if recover() != nil {
			answer = nil
		}
	}()
	parts := strings.Split(path, "/")
	info := patternmatcher.MatchInfo{}
	excluded := false
	for depth := range parts {
		var err error
		excluded, info, err = matcher.MatchesUsingParentResults(strings.Join(parts[:depth+1], "/"), info)
		if err != nil {
			return nil
		}
	}
	return &excluded
}

func main() {
	input := bufio.NewScanner(os.Stdin)
	input.Buffer(make([]byte, 1<<20), 1<<26)
	output := json.NewEncoder(os.Stdout)
	for input.Scan() {
		var req request
		if err := json.Unmarshal(input.Bytes(), &req); err != nil {
			output.Encode(answer{Error: "bad request: " + err.Error()})
			continue
		}
		matcher, err := patternmatcher.New(req.Patterns)
		if err != nil {
			output.Encode(answer{Error: err.Error()})
			continue
		}
		result := answer{Excluded: []*bool{}}
		for _, path := range req.Paths {
			result.Excluded = append(result.Excluded, walk(matcher, path))
		}
		output.Encode(result)
	}
}

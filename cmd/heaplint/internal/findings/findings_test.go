package findings

import (
	"bytes"
	"strings"
	"testing"
)

const trees = `{"p":{"boxing":[{"category":"hot","posn":"/m/b.go:3:2","end":"/m/b.go:3:4","message":"two","related":[{"posn":"/m/b.go:2:1","end":"/m/b.go:2:1","message":"the loop"}]},{"posn":"/m/a.go:9:1","end":"/m/a.go:9:1","message":"one"}]}}
{"p [p.test]":{"boxing":[{"posn":"/m/a.go:9:1","end":"/m/a.go:9:1","message":"one"}]},"q":{"capture":{"error":"boom"}}}`

func TestReadMergesAndSorts(t *testing.T) {
	r, err := Read(strings.NewReader(trees))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 2 || r.Findings[0].Message != "one" || len(r.Findings[0].Packages) != 2 {
		t.Fatalf("findings %+v", r.Findings)
	}
	if len(r.Errors) != 1 || r.Errors[0].Err != "boom" {
		t.Errorf("errors %+v", r.Errors)
	}
	var text bytes.Buffer
	WriteText(&text, r, Paths{Dir: "/m"}, false)
	want := "a.go:9:1: boxing: one\nb.go:3:2: boxing: two\n    related: the loop (b.go:2:1)\n"
	if text.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", &text, want)
	}
	var gh bytes.Buffer
	r.Findings[0].Message = "50%, a\nb"
	WriteGitHub(&gh, r, Paths{Dir: "/m"})
	if !strings.HasPrefix(gh.String(), "::warning file=a.go,line=9,col=1,endLine=9,endColumn=1,title=heaplint boxing::50%25, a%0Ab\n") {
		t.Errorf("github:\n%s", &gh)
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	again, err := Read(&js)
	if err != nil || len(again.Findings) != 2 || len(again.Errors) != 1 {
		t.Errorf("the JSON tree does not read back: %v %+v", err, again)
	}
}

package main

import (
	"fmt"

	"dockerls.test/shout"
)

func main() { fmt.Println(shout.Hello()) }

module example.com/hello

go 1.19

require dockerls.test/shout v1.0.0

require dockerls.test/greet v1.0.0 // indirect

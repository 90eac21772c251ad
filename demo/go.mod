module gcdiff.dev/demo

go 1.21

module cdnedge

go 1.19

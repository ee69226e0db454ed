module urlshortener

go 1.19

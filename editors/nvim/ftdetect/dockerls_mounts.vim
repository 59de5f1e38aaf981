" Dockerfile names that not every Neovim version detects by itself
" (Neovim 0.7 knows Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*; it
" does not know *.dockerfile or *.containerfile). `setfiletype` never
" overrides a filetype that is already set; per-Dockerfile ignore files
" (`Dockerfile.dockerignore`) are left alone.
autocmd BufNewFile,BufRead Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*.containerfile setfiletype dockerfile
autocmd BufNewFile,BufRead Dockerfile.*,Containerfile.* if expand('<afile>') !~# '\.dockerignore$' | setfiletype dockerfile | endif

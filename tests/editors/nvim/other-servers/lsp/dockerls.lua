-- Stand-in for nvim-lspconfig's `dockerls` (dockerfile-language-server) in the
-- side-by-side test: same name, so it would collide with an `lsp/dockerls.lua`
-- of ours if we shipped one. The test sets `cmd` to the installed binary.
return {
  cmd = { 'docker-langserver', '--stdio' },
  filetypes = { 'dockerfile' },
  root_markers = { 'Dockerfile' },
}

-- dockerls for Neovim 0.11+: put this directory's parent (`editors/nvim`) on
-- 'runtimepath' (or copy this file to ~/.config/nvim/lsp/), then:
--
--   vim.lsp.enable('dockerls_mounts')
--
-- Override any field with vim.lsp.config('dockerls_mounts', { ... }).
--
-- The name is deliberately not `dockerls`: nvim-lspconfig already ships an
-- `lsp/dockerls.lua` for dockerfile-language-server, and Neovim merges every
-- `lsp/<name>.lua` of the same name on the runtimepath. Under its own name this
-- server attaches next to that one (and next to hadolint via efm or nvim-lint).

---@type vim.lsp.Config
return {
  cmd = { 'dockerls', 'serve' },
  filetypes = { 'dockerfile' },
  -- A dockerls config file first, then the repository root. Without a marker
  -- the server runs without a workspace folder (it still finds the config file
  -- nearest to each Dockerfile by itself).
  root_markers = { '.dockerls.toml', 'dockerls.toml', '.git' },
  -- Answered to `workspace/configuration` (section `dockerls`) and, through
  -- before_init below, sent as `initializationOptions` too.
  settings = {
    dockerls = {
      unsafeFixes = false,
      fixOnWillSave = false,
    },
  },
  before_init = function(params, config)
    params.initializationOptions = (config.settings or {}).dockerls
  end,
}

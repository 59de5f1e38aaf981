-- dockerls for Neovim 0.7 to 0.10 (no vim.lsp.config / vim.lsp.enable there).
--
--   require('dockerls_mounts').setup()                -- defaults
--   require('dockerls_mounts').setup({ cmd = { '/path/to/dockerls', 'serve' },
--                                      settings = { dockerls = { ignore = { 'APT003' } } } })
--
-- The defaults are read from lsp/dockerls_mounts.lua (the Neovim 0.11+ config)
-- next to this module, so both paths start the server the same way. One
-- client is started per root directory and attached to each buffer of a
-- matching filetype from a FileType autocmd (vim.lsp.start_client +
-- vim.lsp.buf_attach_client, both present since Neovim 0.5).
--
-- On Neovim 0.11+ setup() just forwards to vim.lsp.config + vim.lsp.enable.

local M = {}

M.name = 'dockerls_mounts'

local function notify(msg, level)
  vim.notify('dockerls_mounts: ' .. msg, level or vim.log.levels.WARN)
end

--- The shared defaults from lsp/dockerls_mounts.lua on the runtimepath.
function M.default_config()
  local file = vim.api.nvim_get_runtime_file('lsp/' .. M.name .. '.lua', false)[1]
  if not file then
    error('lsp/' .. M.name .. '.lua is not on the runtimepath: add editors/nvim to it')
  end
  return dofile(file)
end

-- Directory of the first marker found walking up from `dir` (markers in
-- priority order, like root_markers on 0.11), else `dir` itself.
local function find_root(dir, markers)
  for _, marker in ipairs(markers or {}) do
    local cur = dir
    while cur do
      if vim.loop.fs_stat(cur .. '/' .. marker) then
        return cur
      end
      local parent = vim.fn.fnamemodify(cur, ':h')
      if parent == cur then
        break
      end
      cur = parent
    end
  end
  return dir
end

local clients = {} -- root_dir -> client id

--- Start (or reuse) the client for the buffer's root and attach the buffer.
function M.attach(bufnr, config)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.api.nvim_buf_get_option(bufnr, 'buftype') ~= '' then
    return nil
  end
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = path ~= '' and vim.fn.fnamemodify(path, ':p:h') or vim.fn.getcwd()
  local root = find_root(dir, config.root_markers)

  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    local start = vim.deepcopy(config)
    start.filetypes, start.root_markers = nil, nil
    start.name = M.name
    start.root_dir = root
    local ok, res = pcall(vim.lsp.start_client, start)
    if not ok or not res then
      notify('could not start ' .. table.concat(config.cmd, ' ') .. ': ' .. tostring(res), vim.log.levels.ERROR)
      return nil
    end
    id = res
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(opts)
  opts = opts or {}
  if vim.fn.has('nvim-0.11') == 1 then
    vim.lsp.config(M.name, opts)
    vim.lsp.enable(M.name)
    return
  end

  local config = vim.tbl_deep_extend('force', M.default_config(), opts)
  local group = vim.api.nvim_create_augroup(M.name, { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf, config)
    end,
  })
  -- Buffers that got their filetype before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr)
      and vim.tbl_contains(config.filetypes, vim.api.nvim_buf_get_option(bufnr, 'filetype')) then
      M.attach(bufnr, config)
    end
  end
end

return M

-- Apply dockerls' fix-all before a Dockerfile is written (Neovim 0.7+).
--
--   require('dockerls_mounts.fix_on_save').setup()   -- BufWritePre autocmd
--   require('dockerls_mounts.fix_on_save').fix()     -- fix the current buffer now
--
-- vim.lsp.buf.code_action() is asynchronous: from BufWritePre the file would be
-- written before the edit arrives. This module sends textDocument/codeAction
-- with context.only = { 'source.fixAll.dockerls' } through the synchronous
-- request API, with a bounded timeout, and applies the returned workspace edit
-- (documentChanges or changes, in the client's position encoding) before the
-- write goes ahead. On timeout or error the file is written unchanged and a
-- warning is shown.
--
-- Options (setup and fix):
--   name        client name to ask (default 'dockerls_mounts')
--   timeout_ms  per request (default 2000)
--   filetypes   setup only: filetypes to fix on save (default { 'dockerfile' })

local M = {}

M.kind = 'source.fixAll.dockerls'

local defaults = { name = 'dockerls_mounts', timeout_ms = 2000, filetypes = { 'dockerfile' } }

local has_011 = vim.fn.has('nvim-0.11') == 1

local function notify(msg)
  vim.notify('dockerls fix-on-save: ' .. msg, vim.log.levels.WARN)
end

local function buf_clients(bufnr, name)
  local found = {}
  if vim.lsp.get_clients then -- 0.10+
    found = vim.lsp.get_clients({ bufnr = bufnr, name = name })
  else
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if client.name == name then
        table.insert(found, client)
      end
    end
  end
  return found
end

-- client:request_sync on 0.11+ (the dot form is deprecated there), client.request_sync before.
local function request_sync(client, method, params, timeout_ms, bufnr)
  if has_011 then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

local function request(client, method, params, opts, bufnr)
  local resp, err = request_sync(client, method, params, opts.timeout_ms, bufnr)
  if not resp then
    notify(method .. ': ' .. tostring(err)) -- 'timeout' or 'interrupted'
    return nil
  end
  if resp.err then
    notify(method .. ': ' .. tostring(resp.err.message or vim.inspect(resp.err)))
    return nil
  end
  return resp.result
end

-- Range of the whole buffer, end position in the client's encoding.
local function whole_buffer(bufnr, encoding)
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  local text = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, false)[1] or ''
  local character
  if encoding == 'utf-8' then
    character = #text
  elseif has_011 then
    character = vim.str_utfindex(text, encoding)
  else
    local utf32, utf16 = vim.str_utfindex(text)
    character = encoding == 'utf-16' and utf16 or utf32
  end
  return { start = { line = 0, character = 0 }, ['end'] = { line = last, character = character } }
end

local function is_fix_all(action)
  return type(action.kind) == 'string' and (action.kind == M.kind or vim.startswith(action.kind, M.kind .. '.'))
end

local function apply(client, action, opts, bufnr)
  local caps = client.server_capabilities or {}
  local provider = caps.codeActionProvider
  if not action.edit and type(provider) == 'table' and provider.resolveProvider then
    action = request(client, 'codeAction/resolve', action, opts, bufnr) or action
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if type(action.command) == 'table' then
    -- The server answers with workspace/applyEdit, handled while we wait.
    request(client, 'workspace/executeCommand',
      { command = action.command.command, arguments = action.command.arguments }, opts, bufnr)
  end
end

--- Fix the buffer now (synchronously). Returns the number of actions applied.
function M.fix(bufnr, opts)
  opts = vim.tbl_extend('force', defaults, opts or {})
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local applied = 0
  for _, client in ipairs(buf_clients(bufnr, opts.name)) do
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = whole_buffer(bufnr, client.offset_encoding),
      context = { only = { M.kind }, diagnostics = {}, triggerKind = 2 }, -- 2 = Automatic
    }
    for _, action in ipairs(request(client, 'textDocument/codeAction', params, opts, bufnr) or {}) do
      if is_fix_all(action) then
        apply(client, action, opts, bufnr)
        applied = applied + 1
      end
    end
  end
  return applied
end

function M.setup(opts)
  opts = vim.tbl_extend('force', defaults, opts or {})
  local group = vim.api.nvim_create_augroup('dockerls_mounts_fix_on_save', { clear = true })
  vim.api.nvim_create_autocmd('BufWritePre', {
    group = group,
    callback = function(args)
      if vim.tbl_contains(opts.filetypes, vim.api.nvim_buf_get_option(args.buf, 'filetype')) then
        M.fix(args.buf, opts)
      end
    end,
  })
end

return M

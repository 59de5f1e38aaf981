-- Shared helpers for the headless Neovim tests (Neovim 0.7.2 and 0.11.x).
--
-- Inputs (environment, set by tests/editors/test_nvim.py):
--   DOCKERLS_NVIM_RTP      the repository's editors/nvim directory
--   DOCKERLS_SERVER_CMD    JSON list: the server command
--   DOCKERLS_TEST_FILE     the Dockerfile to open (a scratch copy)
--   DOCKERLS_ATTACH        'enable' (lsp/dockerls_mounts.lua + vim.lsp.enable, 0.11+)
--                          or 'legacy' (require('dockerls_mounts').setup(), 0.7-0.10)
--   DOCKERLS_EXPECT_ROOT   directory the client must use as root_dir
--   DOCKERLS_SETTINGS      optional JSON object: settings.dockerls overrides
--
-- Every wait is bounded; the verdict is the exit code (0 pass, 1 fail).

local M = {}

M.name = 'dockerls_mounts'
M.has_011 = vim.fn.has('nvim-0.11') == 1

function M.log(fmt, ...)
  io.stdout:write(string.format(fmt, ...) .. '\n')
  io.stdout:flush()
end

-- Messages Neovim would have shown to the user (errors from the client included).
M.messages = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(M.messages, string.format('[%s] %s', tostring(level), tostring(msg)))
  M.log('notify[%s]: %s', tostring(level), tostring(msg))
  return orig_notify(msg, level, opts)
end

local function env(name)
  local value = os.getenv(name)
  if not value or value == '' then
    error('environment variable ' .. name .. ' is not set')
  end
  return value
end

function M.read_file(path)
  local f = assert(io.open(path, 'rb'))
  local text = f:read('*a')
  f:close()
  return text
end

function M.buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

function M.assert(cond, fmt, ...)
  if not cond then
    error(string.format(fmt, ...), 0)
  end
end

function M.contains(haystack, needle)
  return haystack:find(needle, 1, true) ~= nil
end

function M.wait(ms, what, cond)
  local ok = vim.wait(ms, cond, 50)
  M.assert(ok, 'timed out after %d ms waiting for %s', ms, what)
end

-- Open DOCKERLS_TEST_FILE and attach dockerls the way a user would.
function M.open_and_attach()
  local cmd = vim.fn.json_decode(env('DOCKERLS_SERVER_CMD'))
  vim.opt.runtimepath:append(env('DOCKERLS_NVIM_RTP'))
  -- The shipped config provides everything but the command (and test settings).
  local overrides = { cmd = cmd }
  local settings = os.getenv('DOCKERLS_SETTINGS')
  if settings and settings ~= '' then
    overrides.settings = { dockerls = vim.fn.json_decode(settings) }
  end
  local mode = env('DOCKERLS_ATTACH')
  if mode == 'enable' then
    M.assert(M.has_011, 'attach mode "enable" needs Neovim 0.11+')
    vim.lsp.config(M.name, overrides)
    vim.lsp.enable(M.name)
  elseif mode == 'legacy' then
    require('dockerls_mounts').setup(overrides)
  else
    error('unknown DOCKERLS_ATTACH ' .. mode)
  end
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(env('DOCKERLS_TEST_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  M.assert(vim.bo[bufnr].filetype == 'dockerfile', 'filetype is %q, not dockerfile', vim.bo[bufnr].filetype)

  local client
  M.wait(15000, 'the dockerls client to attach and initialize', function()
    local attached = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
    for _, c in pairs(attached) do
      if c.name == M.name and c.initialized then
        client = c
        return true
      end
    end
    return false
  end)
  M.log('client %d attached: root_dir=%s offset_encoding=%s', client.id, tostring(client.config.root_dir),
    tostring(client.offset_encoding))
  local root = os.getenv('DOCKERLS_EXPECT_ROOT')
  if root and root ~= '' then
    M.assert(client.config.root_dir == root, 'root_dir is %s, expected %s', tostring(client.config.root_dir), root)
  end
  return bufnr, client
end

-- dockerls diagnostics of the buffer whose code starts with `prefix`.
function M.diagnostics(bufnr, client, prefix)
  local ns = vim.lsp.diagnostic.get_namespace(client.id)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
    if type(d.code) == 'string' and vim.startswith(d.code, prefix) then
      table.insert(found, d)
    end
  end
  table.sort(found, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return found
end

function M.wait_diagnostics(bufnr, client, prefix)
  local found
  M.wait(15000, prefix .. '* diagnostics from dockerls', function()
    found = M.diagnostics(bufnr, client, prefix)
    return #found > 0
  end)
  for _, d in ipairs(found) do
    M.log('diagnostic %s line %d col %d source=%s: %s', d.code, d.lnum + 1, d.col + 1, tostring(d.source), d.message)
  end
  return found
end

-- Run the test body; exit 0 on success, `cquit 1` on any failure.
function M.run(body)
  local ok, err = xpcall(body, debug.traceback)
  if ok then
    M.log('PASS')
    vim.cmd('qall!')
  else
    M.log('FAIL: %s', tostring(err))
    vim.cmd('cquit 1')
  end
end

return M

-- Load the shipped fix-on-save module, :write, and check the file on disk.
-- With DOCKERLS_FIX_ON_SAVE=willsave the module is not loaded: the server's
-- fixOnWillSave setting and Neovim's own willSaveWaitUntil (0.11+) must do it.
-- Run: nvim --headless -u NONE -i NONE -n -l fix_on_save.lua            (0.11+)
--      nvim --headless -u NONE -i NONE -n -c 'luafile fix_on_save.lua'  (0.7)
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*)/') or '.'
local t = dofile(here .. '/lib.lua')

t.run(function()
  local bufnr, client = t.open_and_attach()
  t.wait_diagnostics(bufnr, client, 'APT')
  if os.getenv('DOCKERLS_FIX_ON_SAVE') ~= 'willsave' then
    require('dockerls_mounts.fix_on_save').setup({ timeout_ms = 5000 })
  else
    -- Neovim waits a fixed second for willSaveWaitUntil. Right after start the server's first
    -- request waits for its LSP library to finish loading in the background (2-4 s on a loaded
    -- 2-core machine), so ask for the fix-all once, as an editor open for a moment would have:
    -- the server keeps its edits for this version and answers the willSave from them.
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
      context = { diagnostics = {}, only = { 'source.fixAll.dockerls' } },
    }
    local response = client:request_sync('textDocument/codeAction', params, 30000, bufnr) -- 0.11+ only
    t.assert(response and response.result and #response.result == 1, 'no fix-all action before :write')
  end

  local path = vim.api.nvim_buf_get_name(bufnr)
  local on_disk_before = t.read_file(path)
  vim.cmd('write')
  local on_disk = t.read_file(path)
  t.log('file on disk after :write:\n%s', on_disk)

  t.assert(on_disk ~= on_disk_before, ':write did not change the file on disk')
  t.assert(not vim.bo[bufnr].modified, 'buffer still modified after :write')
  for _, want in ipairs({
    '--mount=type=cache,target=/var/cache/apt,sharing=locked',
    '--mount=type=cache,target=/var/lib/apt/lists,sharing=locked',
  }) do
    t.assert(t.contains(on_disk, want), 'file on disk lacks %q', want)
  end
  t.assert(not t.contains(on_disk, 'rm -rf /var/lib/apt/lists'), 'file on disk still removes /var/lib/apt/lists')
  t.assert(#vim.tbl_filter(function(m)
    return m:find('fix-on-save', 1, true) ~= nil
  end, t.messages) == 0, 'fix-on-save warned: %s', table.concat(t.messages, '\n'))

  -- Saving again is a no-op: the fixed file has nothing left to fix.
  vim.cmd('write')
  t.assert(t.read_file(path) == on_disk, 'a second :write changed the file again')
end)

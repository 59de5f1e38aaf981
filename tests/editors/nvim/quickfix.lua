-- Open the Dockerfile, wait for dockerls' APT diagnostics, apply the quick fix
-- of one of them through Neovim's own vim.lsp.buf.code_action() (picking the
-- preferred quickfix in the menu), check the buffer.
-- Extra inputs: DOCKERLS_EXPECT_TEXT / DOCKERLS_REJECT_TEXT, lines of text the
-- fixed buffer must / must not contain.
-- Run: nvim --headless -u NONE -i NONE -n -l quickfix.lua            (0.11+)
--      nvim --headless -u NONE -i NONE -n -c 'luafile quickfix.lua'  (0.7)
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*)/') or '.'
local t = dofile(here .. '/lib.lua')

t.run(function()
  local bufnr, client = t.open_and_attach()
  local diags = t.wait_diagnostics(bufnr, client, 'APT')
  local target = diags[1]
  local count_before = #t.diagnostics(bufnr, client, target.code)
  local before = t.buffer_text(bufnr)

  -- The code action menu: pick the first quick fix offered by dockerls.
  local offered, chosen = {}, nil
  vim.ui.select = function(items, opts, on_choice)
    for _, item in ipairs(items) do
      -- 0.7 passes { client_id, action }, 0.11 { action = ..., ctx = { client_id = ... } }
      local action = item.action or item[2]
      local client_id = item.ctx and item.ctx.client_id or item[1]
      table.insert(offered, string.format('%s (%s, client %s)', action.title, tostring(action.kind), tostring(client_id)))
      -- The fix itself, not "Ignore …" (a suppression comment is a quickfix too).
      if client_id == client.id and action.kind == 'quickfix' and action.isPreferred then
        chosen = chosen or item
      end
    end
    t.log('code actions offered: %s', table.concat(offered, '; '))
    on_choice(chosen, chosen and 1 or nil)
  end

  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  t.log('requesting quick fixes for %s at line %d', target.code, target.lnum + 1)
  if t.has_011 then
    vim.lsp.buf.code_action({ context = { only = { 'quickfix' } } })
  else
    vim.lsp.buf.code_action({ only = { 'quickfix' } })
  end

  t.wait(10000, 'the code action menu', function()
    return #offered > 0 or vim.tbl_contains(t.messages, '[2] No code actions available')
  end)
  if #offered == 0 then
    -- Neovim swallows request errors here; ask again to show the server's answer.
    local params = t.has_011 and vim.lsp.util.make_range_params(0, client.offset_encoding)
      or vim.lsp.util.make_range_params()
    params.context = { only = { 'quickfix' } }
    if t.has_011 then
      params.context.diagnostics = vim.tbl_map(function(d)
        return d.user_data.lsp
      end, vim.diagnostic.get(bufnr, { lnum = target.lnum }))
    else
      params.context.diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr)
    end
    local resp, err
    if t.has_011 then
      resp, err = client:request_sync('textDocument/codeAction', params, 5000, bufnr)
    else
      resp, err = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
    end
    error(string.format('no code actions; request %s\nanswer: %s %s', vim.fn.json_encode(params),
      vim.inspect(resp), tostring(err)), 0)
  end
  t.assert(chosen, 'no preferred quickfix from dockerls among: %s', table.concat(offered, '; '))
  t.wait(10000, 'the quick fix to change the buffer', function()
    return t.buffer_text(bufnr) ~= before
  end)
  local after = t.buffer_text(bufnr)
  t.log('buffer after the quick fix:\n%s', after)

  for want in (os.getenv('DOCKERLS_EXPECT_TEXT') or ''):gmatch('[^\n]+') do
    t.assert(t.contains(after, want), 'buffer does not contain %q', want)
  end
  for unwanted in (os.getenv('DOCKERLS_REJECT_TEXT') or ''):gmatch('[^\n]+') do
    t.assert(not t.contains(after, unwanted), 'buffer still contains %q', unwanted)
  end
  -- The server re-checks the changed document: that finding is gone.
  t.wait(10000, 'dockerls to drop the fixed ' .. target.code .. ' diagnostic', function()
    return #t.diagnostics(bufnr, client, target.code) < count_before
  end)
  for _, msg in ipairs(t.messages) do
    t.assert(not msg:find('^%[4%]'), 'Neovim reported an error: %s', msg) -- 4 = vim.log.levels.ERROR
  end
end)

-- Drives heaplint-lsp from headless Neovim (0.7+) for nvim_test.go:
--   HEAPLINT_NVIM_PARAMS=params.json nvim --headless -u NONE -i NONE -n -c 'luafile nvim.lua'
-- params.json: file, root, cmd, env, init_options, out, timeout_ms,
-- expect (diagnostics to wait for), fix_code, fix_lnum, fix_col (the
-- diagnostic to fix; 0-based line, byte column) and fix_title (the code action
-- to apply, or "").
-- Each result is one JSON line {kind, value} in the file named by out.

local params_file = assert(os.getenv('HEAPLINT_NVIM_PARAMS'), 'HEAPLINT_NVIM_PARAMS is not set')
local f = assert(io.open(params_file, 'r'))
local P = vim.json.decode(f:read('*a'))
f:close()

local out = assert(io.open(P.out, 'w'))
local function emit(kind, value)
  out:write(vim.json.encode({ kind = kind, value = value }) .. '\n')
  out:flush()
end

local ok, err = pcall(function()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(P.file))
  local buf = vim.api.nvim_get_current_buf()
  local exited
  local published = -1 -- the document version of the latest diagnostics
  local id = vim.lsp.start_client({
    name = 'heaplint',
    cmd = P.cmd,
    cmd_env = P.env,
    root_dir = P.root,
    init_options = P.init_options,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.version then published = result.version end
        return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
      end,
    },
  })
  assert(id, 'vim.lsp.start_client failed')
  assert(vim.lsp.buf_attach_client(buf, id), 'vim.lsp.buf_attach_client failed')

  local function diags()
    local ds = vim.diagnostic.get(buf)
    table.sort(ds, function(a, b)
      if a.lnum ~= b.lnum then return a.lnum < b.lnum end
      if a.col ~= b.col then return a.col < b.col end
      return tostring(a.code) < tostring(b.code)
    end)
    return ds
  end
  local function await(what, cond)
    if not vim.wait(P.timeout_ms, cond, 20) then
      error('timed out waiting for ' .. what .. '; diagnostics: ' .. vim.inspect(diags()))
    end
  end

  await(P.expect .. ' diagnostics', function() return #vim.diagnostic.get(buf) >= P.expect end)
  local before = diags()
  for _, d in ipairs(before) do
    local lsp = d.user_data and d.user_data.lsp or {}
    emit('diagnostic', {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, code = d.code, message = d.message,
      href = lsp.codeDescription and lsp.codeDescription.href or '',
    })
  end

  if P.fix_title ~= '' then
    local target
    for _, d in ipairs(before) do
      if d.code == P.fix_code and d.lnum == P.fix_lnum and d.col == P.fix_col then target = d; break end
    end
    assert(target, 'no diagnostic of ' .. P.fix_code .. ' at ' .. P.fix_lnum .. ':' .. P.fix_col)
    -- As a user would: put the cursor on the diagnostic and ask for code actions.
    vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
    local params = vim.lsp.util.make_range_params(0, 'utf-16')
    params.context = { diagnostics = {} }
    local results, rerr = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, P.timeout_ms)
    assert(results, 'codeAction: ' .. tostring(rerr))
    local action
    for _, r in pairs(results) do
      assert(not r.error, 'codeAction: ' .. vim.inspect(r.error))
      for _, a in ipairs(r.result or {}) do
        emit('action', a.title)
        if a.title == P.fix_title and not action then action = a end
      end
    end
    assert(action, 'no code action titled ' .. P.fix_title)
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
    emit('line', vim.api.nvim_buf_get_lines(buf, target.lnum, target.lnum + 1, false)[1])
    -- The fix is an unsaved edit: the server must analyze the buffer, not the
    -- file. Wait for the diagnostics of the buffer's new version.
    await('diagnostics of the fixed buffer', function()
      return published == vim.lsp.util.buf_versions[buf]
    end)
    for _, d in ipairs(diags()) do emit('after', { code = d.code, message = d.message }) end
  end

  vim.lsp.stop_client(id) -- shutdown, then exit
  await('the server to exit', function() return exited ~= nil end)
  emit('exit', exited.code)
end)
if not ok then emit('error', tostring(err)) end
out:close()
vim.cmd('qa!')

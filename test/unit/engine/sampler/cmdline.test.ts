import { describe, expect, it } from 'vitest'
import { MASK, joinArgs, maskArgs, maskCommand, maskCommandLine, processName, splitArgv, splitCommandLine } from '../../../../electron/engine/sampler/cmdline.ts'

describe('maskArgs', () => {
  it('masks the value of secret flags, with = or as the next argument, and keeps the flags', () => {
    expect(maskArgs(['strategy.py', '--api-key=AKIAIOSFODNN7EXAMPLE', '--venue', 'binance'])).toEqual(['strategy.py', `--api-key=${MASK}`, '--venue', 'binance'])
    expect(maskArgs(['serve', '--token', 's3cr3t', '--port', '80'])).toEqual(['serve', '--token', MASK, '--port', '80'])
    expect(maskArgs(['--password', '--verbose'])).toEqual(['--password', '--verbose'])
    for (const flag of ['--apikey', '--api_key', '--secret', '--client-secret', '--passwd', '-p4ss', '--auth-token', '--private-key', '--access-key'])
      expect(maskArgs([`${flag}=x1`])).toEqual(flag === '-p4ss' ? ['-p4ss=x1'] : [`${flag}=${MASK}`])
  })

  it('masks key=value pairs, query parameters, URL passwords and bearer strings inside arguments', () => {
    expect(maskArgs(['token=abc', 'PASSWORD=swordfish', 'DB_SECRET=x'])).toEqual([`token=${MASK}`, `PASSWORD=${MASK}`, `DB_SECRET=${MASK}`])
    expect(maskArgs(['https://trader:p4ss@feed.example.com/v1/q?symbol=EURUSD&token=abc123'])).toEqual([
      `https://trader:${MASK}@feed.example.com/v1/q?symbol=EURUSD&token=${MASK}`,
    ])
    expect(maskArgs(['-H', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2ln'])).toEqual(['-H', `Authorization: Bearer ${MASK}`])
    expect(maskArgs(['Bearer', 'abcdef'])).toEqual(['Bearer', MASK])
    expect(maskArgs(['/login:5012345', '/password:hunter2'])).toEqual(['/login:5012345', `/password:${MASK}`])
  })

  it('masks long hex and base64 blobs and JWTs standing alone, not paths, numbers or words', () => {
    const hex = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
    expect(maskArgs([hex, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2ln', 'QUtJQUlPU0ZPRE5ON0VYQU1QTEUtc2VjcmV0LWtleS0xMjM0'])).toEqual([MASK, MASK, MASK])
    const keep = ['/opt/algo/9f86d081884c7d659a2feaa0c55ad015a3bf/run.py', '12345678901234567890123456789012345', 'ibgateway.GWClient', '--max-old-space-size', '4096', 'http://auth.example.com:8080/']
    expect(maskArgs(keep)).toEqual(keep)
  })

  it('maskCommand masks a command given as one line', () => {
    expect(maskCommand('node bin/gapwatch.js serve --token abc --port 80')).toBe(`node bin/gapwatch.js serve --token ${MASK} --port 80`)
  })
})

describe('processName', () => {
  it('names interpreters by their script, as htop does', () => {
    expect(processName('MainThread', ['node', 'bin/gapwatch.js', 'serve'])).toBe('node gapwatch.js')
    expect(processName('MainThread', ['/usr/bin/node', '--max-old-space-size', '4096', '--require', 'x.js', '/srv/feed/server.js'])).toBe('node server.js')
    expect(processName('python3', ['/usr/bin/python3.12', '-u', '/opt/algo/strategy.py', '--live'])).toBe('python3.12 strategy.py')
    expect(processName('python3', ['python3', '-m', 'uvicorn', 'app:main'])).toBe('python3 -m uvicorn')
    expect(processName('bash', ['/bin/bash'])).toBe('bash')
    expect(processName('perl', ['perl', '-e', 'print 1'])).toBe('perl -e')
  })

  it("gives trading apps their own names: MetaTrader under wine (the broker's folder), IB Gateway", () => {
    expect(processName('terminal64.exe', ['C:\\Program Files\\MetaTrader 5\\terminal64.exe', '/portable'])).toBe('MetaTrader 5')
    expect(processName('terminal64.exe', ['C:\\Program Files\\IC Markets MetaTrader 5\\terminal64.exe'])).toBe('IC Markets MetaTrader 5')
    expect(processName('wine64-preloader', ['/usr/bin/wine64-preloader', 'C:\\MT\\terminal64.exe'])).toBe('MetaTrader 5')
    expect(processName('start.exe', ['wine', 'C:\\Apps\\Other.exe'])).toBe('Other.exe')
    expect(processName('java', ['/home/t/Jts/ib-gateway/1030/jbr/bin/java', '-Xmx768m', 'ibgateway.GWClient'])).toBe('IB Gateway')
    expect(processName('java', ['java', '-cp', '/opt/x.jar', 'com.acme.Feed'])).toBe('java com.acme.Feed')
    expect(processName('java', ['java', '-jar', '/opt/bookmap/bookmap.jar'])).toBe('java bookmap.jar')
  })

  it('falls back to the executable, a process title, or the comm of a kernel thread', () => {
    expect(processName('Xorg', ['/usr/lib/xorg/Xorg', 'vt1'])).toBe('Xorg')
    expect(processName('chrome', ['/opt/google/chrome/chrome', '--type=renderer'])).toBe('chrome (renderer)')
    expect(processName('sshd', ['sshd: trader [priv]'])).toBe('sshd: trader [priv]')
    expect(processName('kthreadd', [])).toBe('kthreadd')
    expect(processName('(sd-pam)', ['(sd-pam)'])).toBe('(sd-pam)')
  })
})

describe('splitArgv', () => {
  it('splits a Chromium child argv rewritten into one string, so its flags are masked and it is named', () => {
    const argv = splitArgv(['/usr/lib/chromium/chromium --type=renderer --user-data-dir=/tmp/profile-1 --auth-token=abc'])
    expect(argv).toEqual(['/usr/lib/chromium/chromium', '--type=renderer', '--user-data-dir=/tmp/profile-1', '--auth-token=abc'])
    expect(maskArgs(argv).at(-1)).toBe(`--auth-token=${MASK}`)
    expect(processName('chromium', maskArgs(argv))).toBe('chromium (renderer)')
  })

  it('keeps a Windows path with spaces and a process title whole', () => {
    expect(splitArgv(['C:\\Program Files\\MetaTrader 5\\terminal64.exe'])).toEqual(['C:\\Program Files\\MetaTrader 5\\terminal64.exe'])
    expect(splitArgv(['sshd: trader [priv]'])).toEqual(['sshd: trader [priv]'])
    expect(splitArgv(['python3', 'a b.py'])).toEqual(['python3', 'a b.py'])
  })
})

describe('maskArgs: the argument forms of the attack review (F0b)', () => {
  const K = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
  const masked: Array<[string[], string[]]> = [
    [['mysql', '-uroot', '-phunter2SECRET', 'db'], ['mysql', '-uroot', `-p${MASK}`, 'db']],
    [['/usr/bin/mariadb-dump', '-phunter2SECRET'], ['/usr/bin/mariadb-dump', `-p${MASK}`]],
    // the tool run by another: bash -c '…' mysql … (the review's PoC), timeout 5 sshpass …
    [['bash', '-c', 'while :; do :; done', 'mysql', '-uroot', '-phunter2SECRET', 'db'], ['bash', '-c', 'while :; do :; done', 'mysql', '-uroot', `-p${MASK}`, 'db']],
    [['timeout', '5', 'sshpass', '-p', 'hunter2SECRET', 'ssh', 'host'], ['timeout', '5', 'sshpass', '-p', MASK, 'ssh', 'host']],
    [['sshpass', '-phunter2SECRET', 'ssh', 'host'], ['sshpass', `-p${MASK}`, 'ssh', 'host']],
    [['redis-cli', '-a', 'hunter2SECRET', 'ping'], ['redis-cli', '-a', MASK, 'ping']],
    [['bot.py', '--passphrase', 'hunter2SECRET'], ['bot.py', '--passphrase', MASK]],
    [['bot.py', '--mnemonic', 'abandon SECRETWORD'], ['bot.py', '--mnemonic', MASK]],
    [['bot.py', '--seed', 'abandon'], ['bot.py', '--seed', MASK]],
    [['bot.py', '--seed-phrase=abandon abandon'], ['bot.py', `--seed-phrase=${MASK}`]],
    [['bot.py', '--pin', '1234'], ['bot.py', '--pin', MASK]],
    [['bot.py', 'PASSPHRASE=hunter2SECRET'], ['bot.py', `PASSPHRASE=${MASK}`]],
    [['curl', '-u', 'user:hunter2SECRET', 'https://x'], ['curl', '-u', `user:${MASK}`, 'https://x']],
    [['bot.py', '-u', 'user:hunter2SECRET'], ['bot.py', '-u', `user:${MASK}`]],
    [['curl', '-uuser:hunter2SECRET', '--user=u:p@ss'], ['curl', `-uuser:${MASK}`, `--user=u:${MASK}`]],
    [['curl', '-H', `X-MBX-APIKEY: ${K}`], ['curl', '-H', `X-MBX-APIKEY: ${MASK}`]],
    [['curl', '-H', 'X-API-Key: abcd1234'], ['curl', '-H', `X-API-Key: ${MASK}`]],
    [['curl', '-H', 'Cookie: session=abc'], ['curl', '-H', `Cookie: ${MASK}`]],
    [['curl', '-H', 'Authorization: token ghp_abc'], ['curl', '-H', `Authorization: token ${MASK}`]],
    [['bot.py', '--config', 'apiKey:abcd'], ['bot.py', '--config', `apiKey:${MASK}`]],
    [['bot.py', '--token:abc'], ['bot.py', `--token:${MASK}`]],
    [['bot.py', '{"api_key":"hunter2SECRET"}'], ['bot.py', `{"api_key":"${MASK}"}`]],
    [['bot.py', '{"venue": "binance", "secret": "a\\"b", "pin": 1234, "mnemonic": "abandon x"}'], ['bot.py', `{"venue": "binance", "secret": "${MASK}", "pin": "${MASK}", "mnemonic": "${MASK}"}`]],
    [['bot.py', `--header=X ${K} y`], ['bot.py', `--header=X ${MASK} y`]],
    [['bot.py', `keys: "${K}",`], ['bot.py', `keys: "${MASK}",`]],
  ]
  it.each(masked)('%j', (argv, want) => {
    expect(maskArgs(argv)).toEqual(want)
    for (const a of maskArgs(argv)) expect(a).not.toMatch(/hunter2|SECRETWORD|vmPUZE|abcd1234|ghp_abc/)
  })

  // Not secrets: kept as they are, so the process list stays useful. `-p`/`-P` is masked only for the
  // tools that take a password there (a port for ssh, docker, uvicorn; a path for others); `-u` values
  // without a colon are users (mysql -uroot), numeric pairs are uid:gid.
  const kept: string[][] = [
    ['ssh', '-p', '2222', 'trader@host'],
    ['uvicorn', 'app:main', '-p', '8080'],
    ['docker', 'run', '-p', '8080:80', '-u', '1000:1000', 'img'],
    ['gcc', '-pthread', '-pipe', '-o', 'x', 'x.c'],
    ['mysql', '-p', 'trades'],
    ['mysql', '-uroot', '-P', '3306', '-h', 'db'],
    ['python3', '-u', '/opt/algo/strategy.py', '--symbol', 'EURUSD'],
    ['/opt/algo/9f86d081884c7d659a2feaa0c55ad015a3bf/run.py', 'http://auth.example.com:8080/'],
    ['curl', '-H', 'Accept: application/json', '-H', 'Content-Type: text/plain', 'https://feed.example.com/q'],
    ['bot.py', '{"symbol":"EURUSD","size":10000}'],
    ['bot.py', '--log', 'level:info', 'C:\\Program Files\\x.exe'],
    ['-p4ss=x1'],
  ]
  it.each(kept.map((k) => [k]))('%j', (argv) => {
    expect(maskArgs(argv)).toEqual(argv)
  })
})

// macOS's ps and Windows' CommandLine give the arguments as one string (review B, finding 1): it is
// split with quotes honoured, and where the OS lost the quotes (ps joins argv with spaces) a header's
// or a seed phrase's value is still masked whole.
describe('maskCommandLine: a command line the OS gives as one string', () => {
  const masked: Array<[string, string, string]> = [
    ['curl', `-H 'X-Api-Key: abcdef' https://x`, `curl -H "X-Api-Key: ${MASK}" https://x`],
    ['curl', '-H X-Api-Key: abcdef https://x', `curl -H X-Api-Key: ${MASK} https://x`],
    ['curl', '-H Authorization: token abcdef https://x', `curl -H Authorization: token ${MASK} https://x`],
    ['curl', `-H "Authorization: token abcdef" https://x`, `curl -H "Authorization: token ${MASK}" https://x`],
    ['curl', '-H Cookie: session=abcdef https://x', `curl -H Cookie: ${MASK} https://x`],
    ['app', '--mnemonic w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 --net main', `app --mnemonic ${MASK} --net main`],
    ['app', `--mnemonic "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12" --net main`, `app --mnemonic ${MASK} --net main`],
    ['app', `--seed-phrase='w1 w2 w3'`, `app --seed-phrase=${MASK}`],
    ['app', '{"password": "hunter 2"}', `app {"password": "${MASK}"}`],
    ['app.exe', `"{\\"password\\": \\"hunter 2\\"}" --x`, `app.exe {"password": "${MASK}"} --x`],
    ['C:\\Program Files\\Bot\\bot.exe', `"C:\\Program Files\\Bot\\conf.json" --token abc1`, `"C:\\Program Files\\Bot\\bot.exe" "C:\\Program Files\\Bot\\conf.json" --token ${MASK}`],
    ['mysql', '-uroot -pS3cret db', `mysql -uroot -p${MASK} db`],
  ]
  it.each(masked)('%s %s', (command, line, want) => {
    const argv = maskCommandLine(line, command)
    expect(joinArgs(argv)).toBe(want)
    for (const a of argv) expect(a).not.toMatch(/abcdef|hunter|\bw\d+\b|S3cret|abc1/)
  })

  const kept: Array<[string, string, string]> = [
    ['ssh', '-p 2222 trader@host', 'ssh -p 2222 trader@host'],
    ['bot', `--name "my bot" --venue binance`, 'bot --name "my bot" --venue binance'],
    ['bot', `--name 'my bot'`, 'bot --name "my bot"'],
    ['echo', `it's  --verbose`, `echo it's --verbose`],
    ['bot', '{"symbol": "EUR USD", "size": 1}', 'bot {"symbol": "EUR USD", "size": 1}'],
  ]
  it.each(kept)('%s %s', (command, line, want) => {
    expect(joinArgs(maskCommandLine(line, command))).toBe(want)
  })

  it('splitCommandLine keeps quoted spaces in one argument and drops only quotes around a whole argument', () => {
    expect(splitCommandLine(`a 'b c' "d e" f"g h"i {"k": "v w"}`)).toEqual(['a', 'b c', 'd e', 'f"g h"i', '{"k":', '"v w"}'])
    expect(splitCommandLine('  ')).toEqual([])
    expect(splitCommandLine(`"a \\"b\\" c"`)).toEqual(['a "b" c'])
  })
})

// A shell's -c string is a command line of its own (review B, finding 2): cron jobs, systemd's
// ExecStart=/bin/sh -c … and scripts start password-taking tools this way.
describe('maskArgs: the command string of sh -c', () => {
  const masked: Array<[string[], string[]]> = [
    [['sh', '-c', 'mysql -uroot -pS3cret db'], ['sh', '-c', `mysql -uroot -p${MASK} db`]],
    [['bash', '-c', 'sshpass -p hunter2 ssh host'], ['bash', '-c', `sshpass -p ${MASK} ssh host`]],
    [['/bin/sh', '-c', 'exec redis-cli -a hunter2 ping'], ['/bin/sh', '-c', `exec redis-cli -a ${MASK} ping`]],
    [['/usr/bin/zsh', '-lc', `curl -H 'X-Api-Key: hunter2' https://x`], ['/usr/bin/zsh', '-lc', `curl -H "X-Api-Key: ${MASK}" https://x`]],
    [['dash', '-ec', 'bot --mnemonic "w1q w2q w3q"'], ['dash', '-ec', `bot --mnemonic ${MASK}`]],
    [['sudo', 'sh', '-c', 'mysqldump -phunter2 db > /tmp/x.sql'], ['sudo', 'sh', '-c', `mysqldump -p${MASK} db > /tmp/x.sql`]],
    [['ksh', '-c', 'bash -c "mysql -phunter2"'], ['ksh', '-c', `bash -c "mysql -p${MASK}"`]],
  ]
  it.each(masked)('%j', (argv, want) => {
    expect(maskArgs(argv)).toEqual(want)
    for (const a of maskArgs(argv)) expect(a).not.toMatch(/S3cret|hunter2|w\dq/)
  })

  const kept: string[][] = [
    ['sh', '-c', 'while :; do  sleep 1; done'],
    ['bash', '-c', `echo 'a  b' | grep -c a`],
    ['bash', '/opt/run.sh', '-c', 'conf.yml'],
  ]
  it.each(kept.map((k) => [k]))('%j', (argv) => {
    expect(maskArgs(argv)).toEqual(argv)
  })
})

describe('maskArgs: sh -c nested beyond the limit', () => {
  it('still masks inline secrets and stays bounded', () => {
    let script = 'mysql -phunter2 token=hunter2'
    for (let i = 0; i < 10; i++) script = `sh -c ${JSON.stringify(script)}`
    const out = maskArgs(['sh', '-c', script])
    expect(out.join(' ')).not.toContain('token=hunter2')
  })
})

// No over-masking (review B, finding 3): a tool's -p rule applies to that tool's own arguments (the
// command, or the one a wrapper, a shell's -c or a shell line's `;`/`&&`/`|` runs); an RNG seed, a CPU
// pin and host:port stay.
describe('maskArgs: a tool rule belongs to its command; ordinary arguments stay', () => {
  const kept: string[][] = [
    ['sshpass', '-p', MASK, 'ssh', '-p', '2222', 'host'],
    ['ls', 'zip', '-P', '8080'],
    ['grep', '-r', 'mysql', '-pthread', 'src'],
    ['python3', 'backtest.py', '--seed', '42'],
    ['python3', 'backtest.py', '--seed=7', '--random-seed', '1234'],
    ['bot', '--cpu-pin', '3', '--pin-memory'],
    ['proxy', '--upstream', 'auth:8080'],
    ['bot', '--map', 'key:value'],
    ['sudo', '-u', 'trader', 'ssh', '-p', '2222', 'host'],
    ['timeout', '5s', 'docker', 'run', '-p', '8080:80', 'img'],
    ['bot', '{"seed": 42, "symbol": "EURUSD"}'],
  ]
  it.each(kept.map((k) => [k]))('%j', (argv) => {
    expect(maskArgs(argv)).toEqual(argv)
  })

  const masked: Array<[string[], string[]]> = [
    [['sudo', '-u', 'trader', 'mysql', '-phunter2'], ['sudo', '-u', 'trader', 'mysql', `-p${MASK}`]],
    [['env', 'LANG=C', 'nice', '-n', '5', 'sshpass', '-p', 'hunter2', 'ssh', 'host'], ['env', 'LANG=C', 'nice', '-n', '5', 'sshpass', '-p', MASK, 'ssh', 'host']],
    [['-bash', '-c', 'redis-cli -a hunter2'], ['-bash', '-c', `redis-cli -a ${MASK}`]],
    [['sh', '-c', 'cd /tmp && mysqldump -phunter2 db; ssh -p 2222 h'], ['sh', '-c', `cd /tmp && mysqldump -p${MASK} db; ssh -p 2222 h`]],
    [['sh', '-c', 'FOO=1 exec zip -P hunter2 a.zip x'], ['sh', '-c', `FOO=1 exec zip -P ${MASK} a.zip x`]],
    [['docker', 'exec', '-it', 'db', 'mysql', '-uroot', '-phunter2'], ['docker', 'exec', '-it', 'db', 'mysql', '-uroot', `-p${MASK}`]],
    [['kubectl', 'exec', 'pod', '--', 'redis-cli', '-a', 'hunter2'], ['kubectl', 'exec', 'pod', '--', 'redis-cli', '-a', MASK]],
    [['ssh', '-p', '2222', 'host', 'mysqldump', '-phunter2'], ['ssh', '-p', '2222', 'host', 'mysqldump', `-p${MASK}`]],
    [['npx', '--', 'zip', '-P', 'hunter2', 'a.zip'], ['npx', '--', 'zip', '-P', MASK, 'a.zip']],
    [['bot', '--seed', 'abandon'], ['bot', '--seed', MASK]],
    [['bot', '--seed=abandon'], ['bot', `--seed=${MASK}`]],
    [['bot', '--wallet-seed', 'hunter2'], ['bot', '--wallet-seed', MASK]],
    [['bot', '--pin', '1234', '--pin=5678'], ['bot', '--pin', MASK, `--pin=${MASK}`]],
    [['bot', '{"seed": "abandon hunter2", "pin": 1234}'], ['bot', `{"seed": "${MASK}", "pin": "${MASK}"}`]],
    [['bot', '--config', 'auth:hunter2'], ['bot', '--config', `auth:${MASK}`]],
    [['curl', '-u', 'trader:8080'], ['curl', '-u', `trader:${MASK}`]],
  ]
  it.each(masked)('%j', (argv, want) => {
    expect(maskArgs(argv)).toEqual(want)
  })

  it('a seed phrase on a one-string line is masked whole, an integer seed kept', () => {
    expect(joinArgs(maskCommandLine('--seed abandon ability able --net main', 'bot'))).toBe(`bot --seed ${MASK} --net main`)
    expect(joinArgs(maskCommandLine('--seed 42 --net main', 'bot'))).toBe('bot --seed 42 --net main')
  })
})

// Command positions the last stop left unfound: after su's -c (before or after its user), in
// env -S's string (also a shebang's `#!/usr/bin/env -S …`), after a `;` glued inside a word of a
// shell line, and Windows executables named with `.exe`.
describe('maskArgs: su -c, env -S, a glued `;` and .exe names', () => {
  const masked: Array<[string[], string[]]> = [
    [['su', '-c', 'mysql -phunter2 db', 'trader'], ['su', '-c', `mysql -p${MASK} db`, 'trader']],
    [['su', '-', 'root', '-c', 'redis-cli -a hunter2 ping'], ['su', '-', 'root', '-c', `redis-cli -a ${MASK} ping`]],
    [['/bin/su', 'trader', '--command', 'sshpass -p hunter2 ssh h'], ['/bin/su', 'trader', '--command', `sshpass -p ${MASK} ssh h`]],
    [['su', 'trader', '--command=mysqldump -phunter2 db'], ['su', 'trader', `--command=mysqldump -p${MASK} db`]],
    [['runuser', '-u', 'trader', '--', 'mysql', '-phunter2'], ['runuser', '-u', 'trader', '--', 'mysql', `-p${MASK}`]],
    [['sudo', 'su', '-c', 'zip -P hunter2 a.zip x'], ['sudo', 'su', '-c', `zip -P ${MASK} a.zip x`]],
    [['env', '-S', 'mysql -uroot -phunter2'], ['env', '-S', `mysql -uroot -p${MASK}`]],
    [['/usr/bin/env', '-S redis-cli -a hunter2', '/opt/x.sh'], ['/usr/bin/env', `-S redis-cli -a ${MASK}`, '/opt/x.sh']],
    [['env', '--split-string=sshpass -p hunter2', 'ssh', 'h'], ['env', `--split-string=sshpass -p ${MASK}`, 'ssh', 'h']],
    [['env', '-S', 'mysql', '-phunter2'], ['env', '-S', 'mysql', `-p${MASK}`]],
    [['sh', '-c', 'cd /tmp;mysql -phunter2 db'], ['sh', '-c', `cd /tmp;mysql -p${MASK} db`]],
    [['bash', '-c', 'true;x;redis-cli -a hunter2'], ['bash', '-c', `true;x;redis-cli -a ${MASK}`]],
    [['mysql.exe', '-uroot', '-phunter2'], ['mysql.exe', '-uroot', `-p${MASK}`]],
    [['C:\\Program Files\\MySQL\\bin\\MySQL.EXE', '-phunter2'], ['C:\\Program Files\\MySQL\\bin\\MySQL.EXE', `-p${MASK}`]],
    [['7z.exe', 'x', '-phunter2', 'a.7z'], ['7z.exe', 'x', `-p${MASK}`, 'a.7z']],
  ]
  it.each(masked)('%j', (argv, want) => {
    expect(maskArgs(argv)).toEqual(want)
    for (const a of maskArgs(argv)) expect(a).not.toMatch(/hunter2/)
  })

  it('on a command line given as one string too (macOS, Windows)', () => {
    expect(joinArgs(maskCommandLine('-uroot -phunter2 db', 'C:\\mysql\\bin\\mysql.exe'))).toBe(`C:\\mysql\\bin\\mysql.exe -uroot -p${MASK} db`)
    expect(joinArgs(maskCommandLine(`-c 'mysql -phunter2'`, 'su'))).toBe(`su -c "mysql -p${MASK}"`)
  })

  const kept: string[][] = [
    ['su', '-', 'trader'],
    ['su', '-s', '/bin/sh', 'trader', '-c', 'ssh -p 2222 host'],
    ['env', '-S', 'ssh -p 2222 host'],
    ['env', '-S', 'python3 bot.py --seed 42'],
    ['sh', '-c', 'cd /srv;ssh -p 2222 host'],
    ['ssh.exe', '-p', '2222', 'host'],
    ['grep', 'a;zip', '-P', '8080'],
  ]
  it.each(kept.map((k) => [k]))('%j', (argv) => {
    expect(maskArgs(argv)).toEqual(argv)
  })
})

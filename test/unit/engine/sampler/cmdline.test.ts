import { describe, expect, it } from 'vitest'
import { MASK, maskArgs, maskCommand, processName, splitArgv } from '../../../../electron/engine/sampler/cmdline.ts'

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

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { openTestDatabase, testEngine } from '../support/testDatabase.ts';
import { UserService, apiKeyDigest } from '../../server/users/userService.ts';
import { secretKeySource } from '../../server/users/secretKey.ts';
import { decryptPassword, encryptPassword } from '../../server/users/passwordCipher.ts';
import { UserRepository } from '../../server/db/UserRepository.ts';
import { AURALIS_BIN, runAuralis } from '../cli/runCli.ts';

const KEY_HEX = 'a1'.repeat(32);

describe('password cipher (AES-256-GCM)', () => {
  const key = Buffer.from(KEY_HEX, 'hex');
  it('opens with the same key and name only', () => {
    const envelope = encryptPassword(key, 'ann', 'sesame');
    expect(envelope.startsWith('v1:')).toBe(true);
    expect(envelope).not.toContain('sesame');
    expect(decryptPassword(key, 'ann', envelope)).toBe('sesame');
    expect(decryptPassword(key, 'bob', envelope)).toBeNull();
    expect(decryptPassword(Buffer.alloc(32, 7), 'ann', envelope)).toBeNull();
    expect(encryptPassword(key, 'ann', 'sesame')).not.toBe(envelope);
  });
});

describe('UserService', () => {
  let dir: string;
  let orm: MikroORM;
  let users: UserService;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'auralis-users-'));
    orm = await openTestDatabase(path.join(dir, 'library.db'));
    users = new UserService(orm.em.fork(), { configured: KEY_HEX, file: null });
  });
  afterAll(async () => {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks passwords and Subsonic tokens, and stores neither the password nor the API key', async () => {
    await users.add('ann', 'sesame');
    expect((await users.checkPassword('ann', 'sesame')).outcome).toBe('ok');
    expect((await users.checkPassword('ann', 'Sesame')).outcome).toBe('wrong');
    expect((await users.checkPassword('nobody', 'sesame')).outcome).toBe('wrong');
    const token = createHash('md5').update('sesame' + 'c19b2d').digest('hex');
    expect((await users.checkToken('ann', token, 'c19b2d')).outcome).toBe('ok');
    expect((await users.checkToken('ann', token, 'other')).outcome).toBe('wrong');
    const apiKey = await users.createApiKey('ann');
    expect((await users.userOfApiKey(apiKey))?.name).toBe('ann');
    const stored = await new UserRepository(orm.em.fork()).getByName('ann');
    expect(stored!.apiKeySha256).toBe(apiKeyDigest(apiKey));
    expect(JSON.stringify(stored)).not.toContain('sesame');
    expect(JSON.stringify(stored)).not.toContain(apiKey);
    await users.revokeApiKey('ann');
    expect(await users.userOfApiKey(apiKey)).toBeNull();
  });

  it('names its errors', async () => {
    await expect(users.add('ann', 'again')).rejects.toMatchObject({ code: 'USER_ALREADY_EXISTS' });
    await expect(users.add('', 'x')).rejects.toMatchObject({ code: 'INVALID_USER' });
    await expect(users.remove('nobody')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(users.createApiKey('nobody')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(new UserService(orm.em.fork(), { configured: 'short', file: null }).add('carl', 'pw')).rejects.toMatchObject({
      code: 'INVALID_SECRET_KEY',
    });
    await expect(new UserService(orm.em.fork(), { configured: undefined, file: null }).add('carl', 'pw')).rejects.toMatchObject({
      code: 'SECRET_KEY_REQUIRED',
    });
  });

  it('an API-key-only user, or a password under another key, cannot use password auth (noPassword)', async () => {
    await users.add('keyonly', null);
    expect((await users.checkPassword('keyonly', '')).outcome).toBe('noPassword');
    const otherKey = new UserService(orm.em.fork(), { configured: 'b2'.repeat(32), file: null });
    expect((await otherKey.checkPassword('ann', 'sesame')).outcome).toBe('noPassword');
  });
});

describe.runIf(testEngine() === 'sqlite')('auralis user (SQLite: key file beside the database)', () => {
  let dir: string;
  let db: string;
  const env = { AURALIS_SECRET_KEY: '' };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'auralis-user-cli-'));
    db = path.join(dir, 'library.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds (flag and piped prompt), lists, makes an API key, removes; the key file is 0600', async () => {
    const added = await runAuralis(['user', 'add', 'ann', '--password', 'sesame', '--db', db], env);
    expect(added).toMatchObject({ code: 0 });
    const keyFile = secretKeySource(db, undefined).file!;
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    const piped = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, [AURALIS_BIN, 'user', 'add', 'bob', '--db', db], { env: { ...process.env, ...env } }, (error, stdout) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
      );
      child.stdin!.end('piped-secret\n');
    });
    expect(piped.code).toBe(0);

    const apikey = await runAuralis(['user', 'apikey', 'bob', '--db', db], env);
    expect(apikey.code).toBe(0);
    expect(apikey.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const list = await runAuralis(['user', 'list', '--db', db], env);
    expect(list.stdout).toMatch(/^ann {2}password {2}no API key$/m);
    expect(list.stdout).toMatch(/^bob {2}password {2}API key since /m);
    expect(list.stdout).not.toContain('sesame');

    const orm = await (await import('../../server/db/createOrm.ts')).openDatabase({ dbPath: db });
    try {
      const users = new UserService(orm.em.fork(), secretKeySource(db, undefined));
      expect((await users.checkPassword('bob', 'piped-secret')).outcome).toBe('ok');
      expect((await users.userOfApiKey(apikey.stdout.trim()))?.name).toBe('bob');
    } finally {
      await orm.close();
    }

    expect(await runAuralis(['user', 'add', 'ann', '--password', 'x', '--db', db], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('USER_ALREADY_EXISTS') });
    expect(await runAuralis(['user', 'remove', 'ann', '--db', db], env)).toMatchObject({ code: 0 });
    expect(await runAuralis(['user', 'remove', 'ann', '--db', db], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('USER_NOT_FOUND') });
  });
});

'use server';
import { z } from 'zod';
import { ROLES } from '@/db/schema';
import { changeOwnPassword, changeRole, createApiToken, createUser, resetPassword, revokeOwnApiToken, setUserDisabled } from '@/lib/auth/accounts';
import { cookies } from 'next/headers';
import { defineAction } from '@/lib/server/action';
import { SESSION_COOKIE } from '@/lib/server/session';
import { invalidate } from '@/lib/server/invalidate';

export const addUserAction = defineAction(
  {
    permission: 'settings:manage',
    input: z.object({ email: z.string().trim().email('Enter a valid email').max(320), name: z.string().trim().max(200).default(''), role: z.enum(ROLES) }),
  },
  async (input, { user, db }) => {
    const { generatedPassword } = await createUser(db, { ...input, password: null }, user);
    invalidate.settings();
    return generatedPassword;
  },
);

export const changeRoleAction = defineAction(
  { permission: 'settings:manage', input: z.object({ userId: z.string().min(1), role: z.enum(ROLES) }) },
  async ({ userId, role }, { user, db }) => {
    await changeRole(db, userId, role, user);
    invalidate.settings();
  },
);

export const setDisabledAction = defineAction(
  { permission: 'settings:manage', input: z.object({ email: z.string().min(1), disabled: z.boolean() }) },
  async ({ email, disabled }, { user, db }) => {
    await setUserDisabled(db, email, disabled, user);
    invalidate.settings();
  },
);

export const resetPasswordAction = defineAction(
  { permission: 'settings:manage', input: z.object({ userId: z.string().min(1) }) },
  async ({ userId }, { user, db }) => resetPassword(db, userId, user),
);

export const createTokenAction = defineAction(
  { permission: 'account:self', input: z.object({ name: z.string().trim().min(1, 'Name the token').max(100) }) },
  async ({ name }, { user, db }) => {
    const token = await createApiToken(db, user, name);
    invalidate.settings();
    return token;
  },
);

export const revokeTokenAction = defineAction(
  { permission: 'account:self', input: z.object({ tokenId: z.string().min(1) }) },
  async ({ tokenId }, { user, db }) => {
    await revokeOwnApiToken(db, user, tokenId);
    invalidate.settings();
  },
);

export const changePasswordAction = defineAction(
  { permission: 'account:self', input: z.object({ current: z.string().min(1, 'Enter your current password').max(256), next: z.string().max(256) }) },
  async ({ current, next }, { user, db }) => {
    const token = (await cookies()).get(SESSION_COOKIE)?.value ?? '';
    await changeOwnPassword(db, user, { current, next, sessionToken: token });
  },
);

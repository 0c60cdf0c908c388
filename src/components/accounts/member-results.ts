/**
 * The member-management forms of an organisation page, read in one place so the organisation's own page
 * (/konto/organisationen/…) and the admin page agree: each form's state and the notice after a success.
 */
import { actions } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { readForm, type FormState } from '../forms/form-state';
import type { NoticeKey } from '../../lib/notices';

export interface MemberForms {
  /** The notice to redirect with after a successful change, or null when nothing changed. */
  notice: NoticeKey | null;
  invite: FormState;
  add: FormState;
  /** The button that makes a member an admin; demoting, removing and withdrawing have their own confirmation steps. */
  members: FormState;
}

export async function readMemberForms(astro: AstroGlobal): Promise<MemberForms> {
  const invite = await readForm(astro, actions.organisations.invite, { idPrefix: 'invite-' });
  const add = await readForm(astro, actions.organisations.addMember, { idPrefix: 'add-' });
  const role = await readForm(astro, actions.organisations.setMemberRole);
  const done: [unknown, NoticeKey][] = [
    [invite.data, 'account.notice.invited'],
    [add.data, 'account.notice.memberAdded'],
    [role.data, 'account.notice.memberRoleChanged'],
  ];
  return {
    notice: done.find(([data]) => data !== undefined)?.[1] ?? null,
    invite: invite.state,
    add: add.state,
    members: role.state,
  };
}

import type { Theme } from '../../src/domain/theme';
import type { SecurityChange } from '../../src/queues/messages';
import { EmailButton, EmailLayout } from './layout';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface PortalReadyData {
  ownerName: string;
  portalUrl: string;
}

export interface PasswordLinkData {
  name: string;
  link: string;
  minutes: number;
}

export interface StaffInvitationData {
  name: string;
  inviterName: string;
  /** The role's label, e.g. "Manager". */
  role: string;
  link: string;
  days: number;
}

export interface PaymentNoticeData {
  name: string;
  subject: string;
  paragraphs: string[];
  facts: [string, string][];
  link: string;
  contact?: string | undefined;
}

export interface SecurityNoticeData {
  name: string;
  change: SecurityChange;
  when: string;
  detail?: string | undefined;
  audience: 'customer' | 'agent';
  resetLink?: string | undefined;
  supportPhone?: string | undefined;
}

/** The subject and the sentences saying what changed. */
function securityWords(d: SecurityNoticeData, portal: string): { subject: string; lines: string[] } {
  switch (d.change) {
    case 'password-changed':
      return { subject: `Your ${portal} password was changed`, lines: ['The password you sign in with was changed. Every other device signed in as you was signed out.'] };
    case 'totp-added':
      return { subject: `An authenticator app was added to your ${portal} sign-in`, lines: ['An authenticator app was set up for your sign-in. Signing in can now ask for a code from that app.'] };
    case 'totp-removed':
      return { subject: `The authenticator app was removed from your ${portal} sign-in`, lines: ['The authenticator app was removed from your sign-in: its codes no longer work. Every other device signed in as you was signed out.'] };
    case 'passkey-removed':
      return { subject: `A passkey was removed from your ${portal} sign-in`, lines: [`A passkey${d.detail ? ` named “${d.detail}”` : ''} was removed from your sign-in. Every other device signed in as you was signed out.`] };
    case 'phone-removed':
      return { subject: `Sign-in codes are no longer texted for ${portal}`, lines: ['The phone that received your sign-in codes was removed from your sign-in.'] };
    case 'recovery-codes-replaced':
      return { subject: `New recovery codes were made for your ${portal} sign-in`, lines: ['New recovery codes were made for your sign-in. The earlier ones no longer work.'] };
    case 'passkey-added':
      return { subject: `A passkey was added to your ${portal} sign-in`, lines: [`A passkey${d.detail ? ` named “${d.detail}”` : ''} was added to your sign-in. It can now sign in as you from the device that holds it.`] };
    case 'phone-added':
      return { subject: `A phone now receives your ${portal} sign-in codes`, lines: [`Sign-in codes can now be texted to ${d.detail ?? 'a new phone'}.`] };
    case 'recovery-code-used':
      return { subject: `A recovery code was used to sign in to ${portal}`, lines: [`One of your recovery codes was used to sign in. It cannot be used again${d.detail ? `; ${d.detail}` : ''}.`] };
    case 'email-changed':
      return { subject: `Your ${portal} sign-in email was changed`, lines: [`Your sign-in email is now ${d.detail ?? 'another address'}. This address no longer signs in, and emails about your account now go to the new one.`] };
    case 'email-added':
      return { subject: `This is now your ${portal} sign-in email`, lines: [`This address is now the email you sign in with${d.detail ? `, instead of ${d.detail}` : ''}.`] };
    case 'email-in-use':
      return {
        subject: `Someone tried to use your email address at ${portal}`,
        lines: ['Someone signed in to another account asked to make this address their sign-in email. It is already the sign-in email of your account, so nothing was changed and no code was sent.'],
      };
  }
}

export interface TestEmailData {
  note: string;
}

/** Every email exists as HTML and as plain text written for reading, not stripped HTML. */
export const emailTemplates = {
  'portal-ready': async (d: PortalReadyData, theme: Theme): Promise<RenderedEmail> => {
    const subject = `${theme.name} is ready`;
    const html = (
      <EmailLayout theme={theme} preheader="Your borrower portal is live.">
        <p>Hello {d.ownerName},</p>
        <p>Your borrower portal is live, branded with your name and colours. Your borrowers will find it at:</p>
        <EmailButton href={d.portalUrl} theme={theme}>
          Open the portal
        </EmailButton>
        <p>
          Or copy this address: <a href={d.portalUrl}>{d.portalUrl}</a>
        </p>
      </EmailLayout>
    );
    const text = [
      `Hello ${d.ownerName},`,
      '',
      'Your borrower portal is live, branded with your name and colours. Your borrowers will find it at:',
      d.portalUrl,
    ].join('\n');
    return { subject, html: await html.toString(), text };
  },
  'password-reset': async (d: PasswordLinkData, theme: Theme): Promise<RenderedEmail> => {
    const subject = `Reset your ${theme.name} password`;
    const html = (
      <EmailLayout theme={theme} preheader="A link to choose a new password.">
        <p>Hello {d.name},</p>
        <p>Someone asked to reset the password for your account. If it was you, choose a new password here:</p>
        <EmailButton href={d.link} theme={theme}>
          Choose a new password
        </EmailButton>
        <p>The link works once and expires in {d.minutes} minutes. If you did not ask for this, ignore this email; your password stays as it is.</p>
      </EmailLayout>
    );
    const text = [`Hello ${d.name},`, '', 'Someone asked to reset the password for your account. If it was you, choose a new password here:', d.link, '', `The link works once and expires in ${d.minutes} minutes. If you did not ask for this, ignore this email; your password stays as it is.`].join('\n');
    return { subject, html: await html.toString(), text };
  },
  'set-password': async (d: PasswordLinkData, theme: Theme): Promise<RenderedEmail> => {
    const subject = `Set up your ${theme.name} sign-in`;
    const html = (
      <EmailLayout theme={theme} preheader="Create your password to see your accounts online.">
        <p>Hello {d.name},</p>
        <p>Create your password to see your accounts, make payments and manage AutoPay online:</p>
        <EmailButton href={d.link} theme={theme}>
          Create my password
        </EmailButton>
        <p>The link works once and expires in {d.minutes} minutes. If you did not ask for this, ignore this email.</p>
      </EmailLayout>
    );
    const text = [`Hello ${d.name},`, '', 'Create your password to see your accounts, make payments and manage AutoPay online:', d.link, '', `The link works once and expires in ${d.minutes} minutes. If you did not ask for this, ignore this email.`].join('\n');
    return { subject, html: await html.toString(), text };
  },
  'staff-invitation': async (d: StaffInvitationData, theme: Theme): Promise<RenderedEmail> => {
    const subject = `${d.inviterName} invited you to the ${theme.name} staff area`;
    const intro = `${d.inviterName} invited you to join the ${theme.name} staff area with the role ${d.role}. Choose your password to accept:`;
    const after = `The link works once and expires in ${d.days} days. Signing in always takes a second step as well: a code sent to this address, or an authenticator app or passkey you add later. If you did not expect this, ignore this email.`;
    const html = (
      <EmailLayout theme={theme} preheader={`An invitation from ${d.inviterName}.`}>
        <p>Hello {d.name},</p>
        <p>{intro}</p>
        <EmailButton href={d.link} theme={theme}>
          Accept the invitation
        </EmailButton>
        <p>{after}</p>
      </EmailLayout>
    );
    const text = [`Hello ${d.name},`, '', intro, d.link, '', after].join('\n');
    return { subject, html: await html.toString(), text };
  },
  'email-change-code': async (d: { name: string; code: string; minutes: number }, theme: Theme): Promise<RenderedEmail> => {
    const subject = `Confirm your new email for ${theme.name}: ${d.code}`;
    const html = (
      <EmailLayout theme={theme} preheader={`Your confirmation code is ${d.code}.`}>
        <p>Hello {d.name},</p>
        <p>To make this your sign-in email, enter this code:</p>
        <p style="font-size:28px;font-weight:700;letter-spacing:6px">{d.code}</p>
        <p>It expires in {d.minutes} minutes. If you did not ask for this, ignore this email.</p>
      </EmailLayout>
    );
    const text = [`Hello ${d.name},`, '', `To make this your sign-in email, enter this code: ${d.code}`, '', `It expires in ${d.minutes} minutes. If you did not ask for this, ignore this email.`].join('\n');
    return { subject, html: await html.toString(), text };
  },
  /** A change to how someone signs in, told to them at once: what, when, and what to do if it was not them. Never a link that signs in. */
  'security-notice': async (d: SecurityNoticeData, theme: Theme): Promise<RenderedEmail> => {
    const words = securityWords(d, theme.name);
    const help =
      d.change === 'email-in-use'
        ? ['If this was not you, you need do nothing: your account and its sign-in email are unchanged.']
        : d.audience === 'agent'
          ? ['If this was you, there is nothing more to do.', 'If it was not you, tell an owner of your team at once: they can disable your access while it is put right.']
          : [
              'If this was you, there is nothing more to do.',
              `If it was not you, someone may know your password: reset it now${d.resetLink ? ` at ${d.resetLink}` : ''}${d.supportPhone ? ` and call us at ${d.supportPhone}` : ' and call us'}.`,
            ];
    const html = (
      <EmailLayout theme={theme} preheader={words.lines[0] ?? words.subject}>
        <p>Hello {d.name},</p>
        {words.lines.map((line) => (
          <p>{line}</p>
        ))}
        <table role="presentation" style="border-collapse:collapse;margin:16px 0">
          <tr>
            <td style="padding:4px 16px 4px 0;color:#4b5563">When</td>
            <td style="padding:4px 0;font-weight:600">{d.when}</td>
          </tr>
        </table>
        {help.map((line) => (
          <p>{line}</p>
        ))}
        {d.change !== 'email-in-use' && d.audience === 'customer' && d.resetLink ? (
          <EmailButton href={d.resetLink} theme={theme}>
            Reset my password
          </EmailButton>
        ) : null}
      </EmailLayout>
    );
    const text = [`Hello ${d.name},`, '', ...words.lines.flatMap((l) => [l, '']), `When: ${d.when}`, '', ...help].join('\n');
    return { subject: words.subject, html: await html.toString(), text };
  },
  'sign-in-code': async (d: { name: string; code: string; minutes: number }, theme: Theme): Promise<RenderedEmail> => {
    const subject = `Your ${theme.name} sign-in code: ${d.code}`;
    const html = (
      <EmailLayout theme={theme} preheader={`Your sign-in code is ${d.code}.`}>
        <p>Hello {d.name},</p>
        <p>Your sign-in code is:</p>
        <p style="font-size:28px;font-weight:700;letter-spacing:6px">{d.code}</p>
        <p>It expires in {d.minutes} minutes. If you did not try to sign in, change your password: someone knows it.</p>
      </EmailLayout>
    );
    const text = [`Hello ${d.name},`, '', `Your sign-in code is: ${d.code}`, '', `It expires in ${d.minutes} minutes. If you did not try to sign in, change your password: someone knows it.`].join('\n');
    return { subject, html: await html.toString(), text };
  },
  /** Receipts, failed and returned payments, AutoPay authorisations and warnings: one layout, facts as a table. */
  'payment-notice': async (d: PaymentNoticeData, theme: Theme): Promise<RenderedEmail> => {
    const html = (
      <EmailLayout theme={theme} preheader={d.paragraphs[0] ?? d.subject}>
        <p>Hello {d.name},</p>
        {d.paragraphs.map((p) => (
          <p style="white-space:pre-wrap">{p}</p>
        ))}
        {d.facts.length > 0 ? (
          <table role="presentation" style="border-collapse:collapse;margin:16px 0">
            {d.facts.map(([label, value]) => (
              <tr>
                <td style="padding:4px 16px 4px 0;color:#4b5563">{label}</td>
                <td style="padding:4px 0;font-weight:600">{value}</td>
              </tr>
            ))}
          </table>
        ) : null}
        <EmailButton href={d.link} theme={theme}>
          Open your payments
        </EmailButton>
        {d.contact ? <p style="color:#4b5563">{d.contact}</p> : null}
      </EmailLayout>
    );
    const text = [`Hello ${d.name},`, '', ...d.paragraphs.flatMap((p) => [p, '']), ...d.facts.map(([l, v]) => `${l}: ${v}`), '', d.link, ...(d.contact ? ['', d.contact] : [])].join('\n');
    return { subject: d.subject, html: await html.toString(), text };
  },
  test: async (d: TestEmailData, theme: Theme): Promise<RenderedEmail> => {
    const subject = `Test email from ${theme.name}`;
    const html = (
      <EmailLayout theme={theme} preheader="A test of the email queue.">
        <p>This is a test email. It went through the email queue and its consumer, and was sent by the configured provider.</p>
        {d.note ? <p style="white-space:pre-wrap">{d.note}</p> : null}
      </EmailLayout>
    );
    const text = ['This is a test email. It went through the email queue and its consumer, and was sent by the configured provider.', d.note]
      .filter(Boolean)
      .join('\n\n');
    return { subject, html: await html.toString(), text };
  },
};

export type EmailTemplates = typeof emailTemplates;

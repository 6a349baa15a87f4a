import type { MessageCatalog } from '../templates.js';

// Every link and code stands on a line of its own, so no mail client or phone mistakes the
// punctuation around it for part of it.
export const en: MessageCatalog = {
  mail: {
    test: {
      subject: 'Nimbus can send you mail',
      body:
        'Hello,\n\n' +
        'this is a test message from your Nimbus server:\n\n' +
        '{{link}}\n\n' +
        'If you can read it, mail delivery works: activation links and notifications will reach you the same way. There is nothing else you need to do.',
      footer:
        'You received this because an administrator of this Nimbus server sent a test message to this address. If you did not expect it, you can safely ignore it.',
    },
    activation: {
      subject: 'Activate your Nimbus account',
      body: 'Hello,\n\nwelcome to Nimbus. To activate your account, open this link:\n\n{{link}}\n\nThe link works for 24 hours. After that you can ask for a new one on the sign-up page.',
      footer:
        'You received this because this address was used to create a Nimbus account. If it was not you, ignore this mail: without activation the account is removed.',
    },
    already_registered: {
      subject: 'Someone tried to create a Nimbus account with your address',
      body: 'Hello,\n\nsomeone just tried to create a new Nimbus account with this e-mail address, which already has an account. Nothing was changed.\n\nIf it was you, sign in instead:\n\n{{link}}\n\nIf you forgot your password, choose “Forgot password” on that page.',
      footer:
        'You received this because this address belongs to a Nimbus account. If it was not you, you can ignore this mail.',
    },
    verification_code: {
      subject: 'Your Nimbus verification code',
      body: 'Hello,\n\nyour verification code is:\n\n{{code}}\n\nIt works for {{minutes}} minutes. Nimbus staff will never ask you for it.',
      footer:
        'You received this because someone is signing in to your Nimbus account or confirming a change. If it was not you, change your password.',
    },
    account_locked: {
      subject: 'Sign-in to your Nimbus account is locked',
      body: 'Hello,\n\nthere were too many wrong passwords for your Nimbus account, so signing in is locked for {{minutes}} minutes.\n\nIf it was you, wait and try again. If it was not you, your password held; consider changing it after the lock ends:\n\n{{link}}',
      footer: 'You received this because the security of your Nimbus account matters to us.',
    },
  },
  sms: {
    test: 'Nimbus test message: SMS delivery works. Server:\n{{link}}',
    verification_code: 'Nimbus code: {{code}}\nValid for {{minutes}} min. Never share it.',
    already_registered:
      'Someone tried to create a Nimbus account with this number, which already has one. If it was you, sign in:\n{{link}}',
  },
};

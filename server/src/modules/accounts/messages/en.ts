import type { MessageCatalog } from '../../../core/messages/index.js';
import type { AccountsMailParams, AccountsSmsParams } from '../accounts.messages.js';

// Every link and code stands on a line of its own, so no mail client or phone mistakes the
// punctuation around it for part of it.
export const en: MessageCatalog<AccountsMailParams, AccountsSmsParams> = {
  mail: {
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
    sign_in_failures: {
      subject: 'Someone is trying to sign in to your Nimbus account',
      body: 'Hello,\n\n{{count}} wrong passwords were typed for your Nimbus account recently. Your account is not locked: browsers and devices you already use keep signing in as usual.\n\nIf it was not you, your password held, but consider changing it to a longer one:\n\n{{link}}\n\nWe tell you about this at most once a day.',
      footer: 'You received this because the security of your Nimbus account matters to us.',
    },
    deletion_scheduled: {
      subject: 'Your Nimbus account will be deleted',
      body: 'Hello,\n\nyou asked us to delete your Nimbus account. It will be deleted for good on {{date}}, together with everything stored in it.\n\nUntil then you can change your mind: sign in and choose “Cancel deletion”.\n\n{{link}}\n\nAfter that date the account cannot be restored.',
      footer:
        'You received this because the deletion of your Nimbus account was confirmed with its password and a code. If it was not you, sign in, cancel the deletion and change your password at once.',
    },
    deletion_cancelled: {
      subject: 'Your Nimbus account will not be deleted',
      body: 'Hello,\n\nthe deletion of your Nimbus account was cancelled. Your account and everything in it stay as they were; there is nothing else you need to do.\n\nIf you did not cancel it yourself, someone else may be signed in to your account. Review your sessions and change your password:\n\n{{link}}',
      footer: 'You received this because the security of your Nimbus account matters to us.',
    },
    account_deleted: {
      subject: 'Your Nimbus account has been deleted',
      body: 'Hello,\n\nas you asked, your Nimbus account has been deleted, together with everything stored in it. Your e-mail address and phone number are no longer connected to Nimbus.\n\nThis is the last mail you will get from us about this account. If you ever want to come back, you can create a new account:\n\n{{link}}',
      footer:
        'You received this because this address belonged to a Nimbus account that has now been deleted. Nothing of that account is kept.',
    },
    password_reset: {
      subject: 'Reset your Nimbus password',
      body: 'Hello,\n\nsomeone asked to reset the password of your Nimbus account. To choose a new password, open this link:\n\n{{link}}\n\nThe link works for 1 hour and only once. If you did not ask for it, ignore this mail: your password stays as it is.',
      footer:
        'You received this because “Forgot password” was used for your Nimbus account. Nimbus staff will never ask you for this link.',
    },
    password_changed: {
      subject: 'Your Nimbus password was changed',
      body: 'Hello,\n\nthe password of your Nimbus account was just changed.\n\nIf it was you, there is nothing else you need to do. If it was not you, restore access to your account at once:\n\n{{link}}',
      footer: 'You received this because the security of your Nimbus account matters to us.',
    },
    contact_changed: {
      subject: 'The e-mail address of your Nimbus account was changed',
      body: 'Hello,\n\nthe e-mail address of your Nimbus account was just changed to {{value}}. This address no longer signs in to the account and will get no more mail about it.\n\nIf it was you, there is nothing else you need to do. If it was not you, restore access to your account at once:\n\n{{link}}',
      footer: 'You received this because this address belonged to a Nimbus account until now.',
    },
  },
  sms: {
    verification_code: 'Nimbus code: {{code}}\nValid for {{minutes}} min. Never share it.',
    already_registered:
      'Someone tried to create a Nimbus account with this number, which already has one. If it was you, sign in:\n{{link}}',
    deletion_scheduled:
      'Nimbus: your account will be deleted on {{date}}. To keep it, sign in and cancel the deletion:\n{{link}}',
    deletion_cancelled:
      'Nimbus: the deletion of your account was cancelled. If it was not you, change your password:\n{{link}}',
    account_deleted:
      'Nimbus: your account has been deleted as you asked. To come back, create a new account:\n{{link}}',
    password_changed: 'Nimbus: your password was changed. If it was not you, restore access at once:\n{{link}}',
    contact_changed:
      'Nimbus: the phone number of your account was changed to {{value}}. If it was not you, restore access at once:\n{{link}}',
  },
};

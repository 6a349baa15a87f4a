import type { CoreMailParams, CoreSmsParams, MessageCatalog } from '../templates.js';

// Every link and code stands on a line of its own, so no mail client or phone mistakes the
// punctuation around it for part of it.
export const en: MessageCatalog<CoreMailParams, CoreSmsParams> = {
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
  },
  sms: {
    test: 'Nimbus test message: SMS delivery works. Server:\n{{link}}',
  },
};

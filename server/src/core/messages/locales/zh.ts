import type { CoreMailParams, CoreSmsParams, MessageCatalog } from '../templates.js';

// Simplified Chinese.
export const zh: MessageCatalog<CoreMailParams, CoreSmsParams> = {
  mail: {
    test: {
      subject: 'Nimbus 可以向您发送邮件了',
      body:
        '您好：\n\n' +
        '这是您的 Nimbus 服务器发送的一封测试邮件：\n\n' +
        '{{link}}\n\n' +
        '如果您能看到这封邮件，说明邮件发送功能一切正常：账户激活链接和各类通知也将以同样的方式送达。您无需进行任何其他操作。',
      footer:
        '您收到这封邮件，是因为这台 Nimbus 服务器的管理员向此地址发送了一封测试邮件。如果这不在您的预期之中，请直接忽略。',
    },
  },
  sms: {
    test: 'Nimbus 测试短信：短信发送功能正常。服务器地址：\n{{link}}',
  },
};

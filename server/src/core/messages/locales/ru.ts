import type { CoreMailParams, CoreSmsParams, MessageCatalog } from '../templates.js';

export const ru: MessageCatalog<CoreMailParams, CoreSmsParams> = {
  mail: {
    test: {
      subject: 'Nimbus может отправлять вам письма',
      body:
        'Здравствуйте!\n\n' +
        'Это тестовое письмо от вашего сервера Nimbus:\n\n' +
        '{{link}}\n\n' +
        'Если вы его читаете, отправка почты работает: ссылки для активации и уведомления будут приходить так же. Больше ничего делать не нужно.',
      footer:
        'Вы получили это письмо, потому что администратор этого сервера Nimbus отправил тестовое сообщение на этот адрес. Если вы его не ждали, просто не обращайте на него внимания.',
    },
  },
  sms: {
    test: 'Тестовое сообщение Nimbus: отправка SMS работает. Сервер:\n{{link}}',
  },
};

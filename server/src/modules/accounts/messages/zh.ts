import type { MessageCatalog } from '../../../core/messages/index.js';
import type { AccountsMailParams, AccountsSmsParams } from '../accounts.messages.js';

// Simplified Chinese.
export const zh: MessageCatalog<AccountsMailParams, AccountsSmsParams> = {
  mail: {
    activation: {
      subject: '激活您的 Nimbus 帐号',
      body: '您好：\n\n欢迎使用 Nimbus。请打开以下链接激活您的帐号：\n\n{{link}}\n\n链接在 24 小时内有效。过期后可在注册页面重新获取。',
      footer:
        '您收到此邮件，是因为有人使用此邮箱地址创建了 Nimbus 帐号。如果不是您本人操作，请忽略此邮件：未激活的帐号将被删除。',
    },
    already_registered: {
      subject: '有人尝试使用您的邮箱地址创建 Nimbus 帐号',
      body: '您好：\n\n刚才有人尝试使用此邮箱地址创建新的 Nimbus 帐号，但该地址已有帐号。没有任何更改。\n\n如果是您本人，请直接登录：\n\n{{link}}\n\n如果忘记了密码，请在该页面选择“忘记密码”。',
      footer: '您收到此邮件，是因为此地址属于一个 Nimbus 帐号。如果不是您本人操作，可以忽略此邮件。',
    },
    verification_code: {
      subject: '您的 Nimbus 验证码',
      body: '您好：\n\n您的验证码是：\n\n{{code}}\n\n验证码在 {{minutes}} 分钟内有效。Nimbus 工作人员绝不会向您索要验证码。',
      footer: '您收到此邮件，是因为有人正在登录您的 Nimbus 帐号或确认更改。如果不是您本人操作，请修改密码。',
    },
    account_locked: {
      subject: '您的 Nimbus 帐号已暂时锁定登录',
      body: '您好：\n\n您的 Nimbus 帐号密码输错次数过多，登录已锁定 {{minutes}} 分钟。\n\n如果是您本人，请稍后再试。如果不是，您的密码没有被破解；锁定结束后建议修改密码：\n\n{{link}}',
      footer: '您收到此邮件，是因为我们重视您的 Nimbus 帐号安全。',
    },
    sign_in_failures: {
      subject: '有人正在尝试登录您的 Nimbus 帐号',
      body: '您好：\n\n最近您的 Nimbus 帐号已有 {{count}} 次密码输入错误。帐号没有被锁定：您已在使用的浏览器和设备仍可照常登录。\n\n如果不是您本人，您的密码没有被破解，但建议改用更长的密码：\n\n{{link}}\n\n此类提醒每天最多发送一次。',
      footer: '您收到此邮件，是因为我们重视您的 Nimbus 帐号安全。',
    },
    deletion_scheduled: {
      subject: '您的 Nimbus 帐号将被删除',
      body: '您好：\n\n您已申请删除 Nimbus 帐号。该帐号及其中存储的所有数据将于 {{date}} 被永久删除。\n\n在此之前，您随时可以改变主意：登录后选择“取消删除”即可。\n\n{{link}}\n\n该日期过后，帐号将无法恢复。',
      footer:
        '您收到此邮件，是因为有人使用密码和验证码确认删除您的 Nimbus 帐号。如果不是您本人操作，请立即登录、取消删除并修改密码。',
    },
    deletion_cancelled: {
      subject: '您的 Nimbus 帐号删除已取消',
      body: '您好：\n\n您的 Nimbus 帐号删除申请已取消。帐号及其中的所有数据均保持不变，您无需进行任何其他操作。\n\n如果不是您本人取消的，可能有其他人登录了您的帐号。请检查登录设备并修改密码：\n\n{{link}}',
      footer: '您收到此邮件，是因为我们重视您的 Nimbus 帐号安全。',
    },
    account_deleted: {
      subject: '您的 Nimbus 帐号已删除',
      body: '您好：\n\n按照您的要求，您的 Nimbus 帐号及其中存储的所有数据已被删除。您的邮箱地址和手机号码已不再与 Nimbus 关联。\n\n这是关于该帐号的最后一封邮件。如果您想再次使用 Nimbus，可以创建新帐号：\n\n{{link}}',
      footer: '您收到此邮件，是因为此地址曾属于一个现已删除的 Nimbus 帐号。我们不再保留该帐号的任何信息。',
    },
    password_reset: {
      subject: '重置您的 Nimbus 密码',
      body: '您好：\n\n有人申请重置您的 Nimbus 帐号密码。请打开以下链接设置新密码：\n\n{{link}}\n\n链接在 1 小时内有效，且只能使用一次。如果您没有提出过此申请，请忽略此邮件，您的密码不会改变。',
      footer: '您收到此邮件，是因为有人为您的 Nimbus 帐号使用了“忘记密码”功能。Nimbus 工作人员绝不会向您索要此链接。',
    },
    password_changed: {
      subject: '您的 Nimbus 密码已修改',
      body: '您好：\n\n您的 Nimbus 帐号密码刚刚被修改。\n\n如果是您本人操作，无需进行任何处理。如果不是，请立即找回您的帐号：\n\n{{link}}',
      footer: '您收到此邮件，是因为我们重视您的 Nimbus 帐号安全。',
    },
    contact_changed: {
      subject: '您的 Nimbus 帐号邮箱地址已更改',
      body: '您好：\n\n您的 Nimbus 帐号邮箱地址刚刚被更改为 {{value}}。此后无法再使用本地址登录该帐号，本地址也不会再收到有关该帐号的邮件。\n\n如果是您本人操作，无需进行任何处理。如果不是，请立即找回您的帐号：\n\n{{link}}',
      footer: '您收到此邮件，是因为此地址此前绑定了一个 Nimbus 帐号。',
    },
  },
  sms: {
    verification_code: 'Nimbus 验证码：{{code}}\n{{minutes}} 分钟内有效，请勿告诉他人。',
    already_registered: '有人尝试使用此号码创建 Nimbus 帐号，但该号码已有帐号。如果是您本人，请直接登录：\n{{link}}',
    deletion_scheduled: 'Nimbus：您的帐号将于 {{date}} 被删除。如需保留，请登录并取消删除：\n{{link}}',
    deletion_cancelled: 'Nimbus：您的帐号删除已取消。如非本人操作，请修改密码：\n{{link}}',
    account_deleted: 'Nimbus：按照您的要求，您的帐号已删除。如需再次使用，请创建新帐号：\n{{link}}',
    password_changed: 'Nimbus：您的密码已修改。如非本人操作，请立即找回帐号：\n{{link}}',
    contact_changed: 'Nimbus：您帐号绑定的手机号已更改为 {{value}}。如非本人操作，请立即找回帐号：\n{{link}}',
  },
};

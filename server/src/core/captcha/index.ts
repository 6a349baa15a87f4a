export * from './altcha-captcha.js';
export * from './captcha.js';
export * from './captcha.routes.js';
export * from './create-captcha.js';
export * from './image-captcha.js';
export * from './off-captcha.js';

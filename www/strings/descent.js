export const DESCENT = { en: {}, ko: {} };

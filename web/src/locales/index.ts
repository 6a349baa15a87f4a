/**
 * The portal's strings, one bundle per domain so each area's words live beside each other; the
 * bundles merge into i18next's one namespace, so a bundle owns its top-level keys alone
 * (locales.test.ts checks that no two bundles claim the same one).
 */
import identifiersEn from './identifiers/en.json' with { type: 'json' };
import identifiersRu from './identifiers/ru.json' with { type: 'json' };
import identifiersZh from './identifiers/zh.json' with { type: 'json' };
import coreEn from './core/en.json' with { type: 'json' };
import coreRu from './core/ru.json' with { type: 'json' };
import coreZh from './core/zh.json' with { type: 'json' };
import deletionEn from './deletion/en.json' with { type: 'json' };
import deletionRu from './deletion/ru.json' with { type: 'json' };
import deletionZh from './deletion/zh.json' with { type: 'json' };
import phoneEn from './phone/en.json' with { type: 'json' };
import phoneRu from './phone/ru.json' with { type: 'json' };
import phoneZh from './phone/zh.json' with { type: 'json' };
import recordsEn from './records/en.json' with { type: 'json' };
import recordsRu from './records/ru.json' with { type: 'json' };
import recordsZh from './records/zh.json' with { type: 'json' };
import commsEn from './comms/en.json' with { type: 'json' };
import commsRu from './comms/ru.json' with { type: 'json' };
import commsZh from './comms/zh.json' with { type: 'json' };
import settingsEn from './settings/en.json' with { type: 'json' };
import settingsRu from './settings/ru.json' with { type: 'json' };
import settingsZh from './settings/zh.json' with { type: 'json' };
import galleryEn from './gallery/en.json' with { type: 'json' };
import galleryRu from './gallery/ru.json' with { type: 'json' };
import galleryZh from './gallery/zh.json' with { type: 'json' };
import filesEn from './files/en.json' with { type: 'json' };
import filesRu from './files/ru.json' with { type: 'json' };
import filesZh from './files/zh.json' with { type: 'json' };

export const bundles = {
  core: { en: coreEn, ru: coreRu, zh: coreZh },
  phone: { en: phoneEn, ru: phoneRu, zh: phoneZh },
  settings: { en: settingsEn, ru: settingsRu, zh: settingsZh },
  identifiers: { en: identifiersEn, ru: identifiersRu, zh: identifiersZh },
  deletion: { en: deletionEn, ru: deletionRu, zh: deletionZh },
  records: { en: recordsEn, ru: recordsRu, zh: recordsZh },
  comms: { en: commsEn, ru: commsRu, zh: commsZh },
  gallery: { en: galleryEn, ru: galleryRu, zh: galleryZh },
  files: { en: filesEn, ru: filesRu, zh: filesZh },
};

export const en = {
  ...coreEn,
  ...phoneEn,
  ...settingsEn,
  ...identifiersEn,
  ...deletionEn,
  ...recordsEn,
  ...commsEn,
  ...galleryEn,
  ...filesEn,
};
export const ru = {
  ...coreRu,
  ...phoneRu,
  ...settingsRu,
  ...identifiersRu,
  ...deletionRu,
  ...recordsRu,
  ...commsRu,
  ...galleryRu,
  ...filesRu,
};
export const zh = {
  ...coreZh,
  ...phoneZh,
  ...settingsZh,
  ...identifiersZh,
  ...deletionZh,
  ...recordsZh,
  ...commsZh,
  ...galleryZh,
  ...filesZh,
};

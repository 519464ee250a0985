// folio finds a browser itself (see scripts/setup.ts): never download one during `npm install`,
// which fails offline and is wasted where a system Chromium exists.
module.exports = { skipDownload: true }

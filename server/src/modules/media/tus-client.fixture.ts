// A phone uploading one file over tus, as a separate process a test can kill: prints "url <upload URL>"
// once the upload exists, "at <offset>" as bytes go, "done <item id>" at the end. Given an upload URL
// it continues that upload from the server's offset.
import { createReadStream } from 'node:fs';
import { Upload } from 'tus-js-client';

const [baseUrl, token, file, sha256, resumeUrl] = process.argv.slice(2);
if (baseUrl === undefined || token === undefined || file === undefined || sha256 === undefined) {
  throw new Error('usage: tus-client.fixture.ts BASE_URL TOKEN FILE SHA256 [UPLOAD_URL]');
}
const upload = new Upload(createReadStream(file), {
  endpoint: `${baseUrl}/api/v1/uploads`,
  ...(resumeUrl === undefined || resumeUrl === '' ? {} : { uploadUrl: resumeUrl }),
  headers: { authorization: `Bearer ${token}` },
  metadata: { section: 'files', name: 'video.bin', sha256 },
  chunkSize: 256 * 1024,
  retryDelays: [],
  onUploadUrlAvailable: () => process.stdout.write(`url ${upload.url ?? ''}\n`),
  onProgress: (sent) => process.stdout.write(`at ${sent}\n`),
  onAfterResponse: (_request, response) => {
    const id = response.getHeader('nimbus-item-id');
    if (id) process.stdout.write(`done ${id}\n`);
  },
  onError: (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
  onSuccess: () => process.exit(0),
});
upload.start();

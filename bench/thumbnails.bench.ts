import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { jpeg, owner, putFile, TestDevice } from '../server/src/test/index.js';
import { mean, withBenchApp, type Bench } from './bench.js';

const IMAGES = 24;
const ROUNDS = 2;
/** The job runner's concurrency; sharp alone gets the same. */
const CONCURRENCY = 4;

/** What the thumbnail job makes of each photo, done with sharp directly: the floor Nimbus cannot beat. */
async function sharpAlone(files: string[], out: string): Promise<void> {
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const name = path.basename(file);
      await sharp(file)
        .rotate()
        .resize({ width: 1440, height: 1440, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toFile(path.join(out, `${name}-preview.webp`));
      await sharp(file)
        .rotate()
        .resize({ width: 320, height: 320, fit: 'cover', position: 'attention' })
        .webp({ quality: 70 })
        .toFile(path.join(out, `${name}-thumb.webp`));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Photos (4000 × 3000 JPEGs) made into thumbnails and previews by the background job vs sharp alone. */
const thumbnailsBench: Bench = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-bench-thumbs-'));
  try {
    const photos = await Promise.all(Array.from({ length: IMAGES }, (_, index) => jpeg(4000, 3000, index)));
    const files = await Promise.all(
      photos.map(async (photo, index) => {
        const file = path.join(dir, `photo-${index}.jpg`);
        await fs.writeFile(file, photo);
        return file;
      }),
    );
    return await withBenchApp(async (app) => {
      await owner(app, 'bench.thumbs@example.org', '10.41.0.1');
      const phone = await new TestDevice(app, '10.41.0.2').connect('bench.thumbs@example.org', 'Phone');
      const nimbusRates: number[] = [];
      const sharpRates: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const out = await fs.mkdtemp(path.join(dir, 'out-'));
        let started = performance.now();
        await sharpAlone(files, out);
        sharpRates.push(IMAGES / ((performance.now() - started) / 1000));

        // New bytes each round (one changed comment), so no thumbnail is already made.
        for (const [index, photo] of photos.entries()) {
          const unique = await sharp(photo)
            .jpeg({ quality: 90 })
            .withMetadata({ exif: { IFD0: { ImageDescription: `round ${round} photo ${index}` } } })
            .toBuffer();
          const response = await putFile(phone, unique, { section: 'gallery', name: `p${round}-${index}.jpg` });
          if (response.statusCode !== 201) throw new Error(`upload answered ${response.statusCode}: ${response.body}`);
        }
        started = performance.now();
        let made = 0;
        for (let claimed = await app.nimbus.runner.runDue(); claimed > 0; claimed = await app.nimbus.runner.runDue())
          made += claimed;
        if (made !== IMAGES) throw new Error(`the job made ${made} of ${IMAGES}`);
        nimbusRates.push(IMAGES / ((performance.now() - started) / 1000));
      }
      const nimbus = mean(nimbusRates);
      const alone = mean(sharpRates);
      return {
        name: 'Thumbnails',
        question: `${IMAGES} photos of 4000 × 3000 made into a 320 px thumbnail and a 1440 px preview (WebP) by Nimbus's background job (${CONCURRENCY} at a time) vs the same two resizes with sharp alone (${CONCURRENCY} at a time), ${ROUNDS} alternating rounds.`,
        rows: [
          ['sharp alone, photos/s', alone.toFixed(2)],
          ['Nimbus thumbnail job, photos/s', nimbus.toFixed(2)],
        ],
        ratio: { label: 'Nimbus job / sharp alone', value: nimbus / alone },
      };
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
};

export default thumbnailsBench;

import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** The server that `npm run dev` at the root starts; the dev portal reaches it through this proxy. */
const SERVER = 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // @nimbus/protocol is used from its TypeScript source, as everywhere else in the repository.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the portal, so a release re-downloads only its own code.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            // Loaded only by forms that show an ALTCHA captcha.
            { name: 'altcha', test: /node_modules[\\/](altcha|hash-wasm)[\\/]/ },
            // Comes with the protocol's password rules, which only the sign-up page (loaded lazily) uses.
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            // Phone numbers' metadata: the largest library, and one that changes on its own schedule.
            { name: 'phone-numbers', test: /node_modules[\\/]libphonenumber-js[\\/]/ },
            // vCard and iCalendar, for the contact and calendar pages only.
            { name: 'ical', test: /node_modules[\\/]ical\.js[\\/]/ },
            // Resumable uploads, for the gallery, recordings and files pages only.
            {
              name: 'uploads',
              test: /node_modules[\\/](tus-js-client|js-base64|url-parse|querystringify|requires-port|combine-errors|custom-error-instance|lodash\.throttle|lodash\.uniqby|buffer-from|is-stream)[\\/]/,
            },
            { name: 'libraries', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/healthz': SERVER,
      '/readyz': SERVER,
    },
  },
});

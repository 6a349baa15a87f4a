/** Limits on what Nimbus decodes of uploaded files. */

/** Images larger than this are not decoded at all: a decompression bomb stops at its header. */
export const MAX_INPUT_PIXELS = 200_000_000;

/**
 * Input options for ffmpeg and ffprobe on an uploaded file: read that file and nothing else (a file
 * that is really a playlist must not make them fetch URLs or read other local files), and only
 * audio and video containers.
 */
export const SAFE_INPUT = [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,flv,ogg,wav,mp3,aac,amr,asf',
];

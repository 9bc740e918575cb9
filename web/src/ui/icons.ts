// Icon outlines (24x24, stroked with currentColor); drawn for this app.
export const ICONS = {
  phone: [
    'M5 4h3.5l1.8 4.4-2.2 1.4a11 11 0 0 0 6.1 6.1l1.4-2.2L20 15.5V19a1.5 1.5 0 0 1-1.6 1.5A16 16 0 0 1 3.5 5.6 1.5 1.5 0 0 1 5 4z',
  ],
  video: [
    'M3.5 7.5h11a1.5 1.5 0 0 1 1.5 1.5v6a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 2 15V9a1.5 1.5 0 0 1 1.5-1.5z',
    'M16 11l5-3v8l-5-3',
  ],
  hangup: ['M3 14.5c5.2-4.6 12.8-4.6 18 0l-1.6 2.6-3.6-1.3-.4-2.6a12 12 0 0 0-6.8 0l-.4 2.6-3.6 1.3z'],
  mic: ['M12 3a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3z', 'M6 11a6 6 0 0 0 12 0', 'M12 17v4'],
  micOff: [
    'M12 3a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3z',
    'M6 11a6 6 0 0 0 12 0',
    'M12 17v4',
    'M4 4l16 16',
  ],
  camOff: [
    'M3.5 7.5h11a1.5 1.5 0 0 1 1.5 1.5v6a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 2 15V9a1.5 1.5 0 0 1 1.5-1.5z',
    'M16 11l5-3v8l-5-3',
    'M3 4l17 17',
  ],
  link: [
    'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1',
    'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  ],
  copy: ['M9 9h10v11H9z', 'M5 15V4h10'],
  plus: ['M12 5v14', 'M5 12h14'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  x: ['M6 6l12 12', 'M18 6L6 18'],
  send: ['M4 12l16-8-6 16-2.5-6.5z'],
  incoming: ['M17 7L7 17', 'M7 9v8h8'],
  outgoing: ['M7 17L17 7', 'M9 7h8v8'],
  missed: ['M5 8l6 6 8-8', 'M13 6h6v6'],
  sliders: ['M4 7h9', 'M17 7h3', 'M15 5v4', 'M4 17h3', 'M11 17h9', 'M9 15v4'],
  screen: ['M3 5h18v11H3z', 'M8 20h8', 'M12 16v4'],
} as const satisfies Record<string, readonly string[]>;
export type IconName = keyof typeof ICONS;

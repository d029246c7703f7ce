/**
 * The fixed list of 256 words for safety numbers: one word per byte. Short, concrete, easy to
 * say aloud and tell apart; sorted, no duplicates (a test checks). Never reorder or edit it: the
 * words two partners compare must match across app versions.
 *
 *   SAFETY_WORDS[byte]; // 'acorn' for 0
 */

/** 256 words, index = byte value. */
export const SAFETY_WORDS: readonly string[] = [
  'acorn', 'album', 'almond', 'amber', 'anchor', 'apple', 'apron', 'arrow', 'aspen', 'atlas', 'autumn',
  'badge', 'bakery', 'bamboo', 'banjo', 'barley', 'basil', 'basket', 'beacon', 'bean', 'beetle', 'berry',
  'birch', 'biscuit', 'bison', 'blanket', 'blossom', 'bluebell', 'boat', 'bonnet', 'book', 'bottle',
  'bramble', 'bread', 'breeze', 'brick', 'bridge', 'brook', 'brush', 'bucket', 'bunny', 'butter', 'button',
  'cabin', 'cactus', 'camel', 'candle', 'canoe', 'canyon', 'carpet', 'carrot', 'castle', 'cedar', 'cello',
  'chalk', 'cherry', 'chess', 'chimney', 'cider', 'cinnamon', 'circle', 'cloud', 'clover', 'cobalt',
  'cobble', 'cocoa', 'cocoon', 'comet', 'compass', 'copper', 'coral', 'cottage', 'cotton', 'cradle',
  'crayon', 'creek', 'cricket', 'crystal', 'cup', 'daffodil', 'daisy', 'dawn', 'delta', 'desert', 'dew',
  'dolphin', 'dove', 'drum', 'dune', 'eagle', 'easel', 'echo', 'elm', 'ember', 'falcon', 'feather', 'fern',
  'fiddle', 'fig', 'flame', 'flute', 'forest', 'fossil', 'fountain', 'fox', 'garden', 'garnet', 'gecko',
  'ginger', 'glacier', 'globe', 'golden', 'grape', 'gravel', 'guitar', 'hammock', 'harbor', 'harp', 'hazel',
  'heron', 'hickory', 'hill', 'honey', 'horizon', 'island', 'ivory', 'jacket', 'jade', 'jasmine', 'jelly',
  'jewel', 'juniper', 'kayak', 'kettle', 'kite', 'koala', 'ladder', 'lagoon', 'lake', 'lantern', 'lark',
  'lemon', 'lily', 'linen', 'lotus', 'lunar', 'magnet', 'mango', 'maple', 'marble', 'meadow', 'melon',
  'mint', 'mirror', 'mitten', 'moon', 'moss', 'mountain', 'muffin', 'nectar', 'nest', 'nutmeg', 'oak',
  'oasis', 'ocean', 'olive', 'onion', 'orange', 'orchid', 'otter', 'owl', 'paddle', 'panda', 'paper',
  'parrot', 'peach', 'pearl', 'pebble', 'pepper', 'piano', 'pillow', 'pine', 'planet', 'plum', 'pocket',
  'pony', 'poppy', 'prairie', 'pumpkin', 'quartz', 'quill', 'quilt', 'rabbit', 'radish', 'rain', 'raven',
  'reed', 'ribbon', 'river', 'robin', 'rocket', 'rose', 'ruby', 'saddle', 'saffron', 'sail', 'salmon',
  'sand', 'scarf', 'shell', 'silver', 'sky', 'sled', 'snow', 'sparrow', 'spice', 'spoon', 'spruce', 'star',
  'stone', 'straw', 'stream', 'sugar', 'summer', 'sun', 'swan', 'teapot', 'thistle', 'tiger', 'timber',
  'toast', 'topaz', 'tower', 'trail', 'tulip', 'turtle', 'umbrella', 'valley', 'velvet', 'violet', 'violin',
  'walnut', 'water', 'wave', 'wheat', 'whistle', 'willow', 'window', 'winter', 'wool', 'wren', 'yarn',
  'yellow', 'zebra', 'zephyr', 'zinnia',
];

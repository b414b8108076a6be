// lib/zod-english.js as a bundle on the zod subset loads it: empty (the subset words its issues itself).

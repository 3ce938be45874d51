/**
 * The shipped rule set (config/rules.yml) on stories written for these tests: what it must keep, what it must
 * drop (traps included), and that it explains itself. The dev-set figures come from `wiresieve rules check`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/core/rules/index';

const rules = compileRules(readFileSync(new URL('../../../config/rules.yml', import.meta.url), 'utf8'), 'config/rules.yml');

describe('default rules: kept', () => {
  it.each([
    [
      'seed story: Kim Jong Un at the Chinese People’s Volunteers cemetery',
      'Kim Jong Un pays tribute at cemetery of Chinese soldiers',
      'SEOUL — North Korean leader Kim Jong Un visited the cemetery of the Chinese People’s Volunteers in ' +
        'Hoechang County to mark the anniversary of their entry into the Korean War, state media said, in a ' +
        'gesture seen as strengthening ties with Beijing.',
    ],
    ['summit', 'Lee and Xi hold summit in Beijing', 'South Korean President Lee Jae Myung met Chinese President Xi Jinping.'],
    ['defectors', 'Seoul protests forced repatriation of North Korean defectors by China', ''],
    ['KADIZ', 'Chinese military aircraft enter South Korea’s air defence zone', ''],
    ['Yellow Sea structures', 'Seoul voices concern over Chinese structures in the Yellow Sea', ''],
    ['sanctions', 'UN panel names Chinese ships that carried North Korean coal', 'The ships violated UN sanctions on Pyongyang.'],
    ['Korean compound', '한중 외교장관 회담…“관계 발전 협력”', '조현 외교부 장관이 왕이 중국 외교부장과 회담했다.'],
    ['Korean headline abbreviation', '中 “한반도 문제 입장 변화 없어”', '중국 외교부는 한반도 문제에 대한 입장을 밝혔다.'],
    ['North Korea–China, Korean', '북중 친선 강조…김정은, 시진핑에 축전', '김정은 국무위원장이 시진핑 중국 국가주석에게 축전을 보냈다.'],
    ['Chinese, Simplified', '中韩外长举行会谈', '中国外交部长王毅与韩国外交部长官举行会谈。'],
    ['Chinese, Traditional', '中朝友好關係', '朝鮮與中國領導人互致賀電。'],
    ['Chinese: 京 is Beijing (抵京, arriving in Beijing)', '朝鲜外相崔善姬抵京', '崔善姬一行乘坐航班抵达，将进行为期三天的访问。'],
    ['Chinese: officials by name (the CPC international department head)', '刘海星会见朝鲜劳动党代表团', '双方表示愿加强两党交流，推动友好合作关系不断发展。'],
    ['Chinese: a Korean official by name (the National Assembly speaker)', '禹元植抵京出席纪念活动', '禹元植议长一行将出席纪念大会并与全国人大领导人会面。'],
    ['Yellow Sea rigs by name, Chinese', '黄海"深蓝"养殖平台引发韩方关注 外交部回应', '外交部发言人表示，黄海深蓝养殖平台是中方在本国近海设立的渔业设施。'],
    ['a capital after "in" still names the country', 'Kim Jong Un arrives in Beijing', ''],
    ['Taiwanese copy: 陆 before a noun is China', '南韓海警扣押陸籍漁船', '南韓海警在黃海專屬經濟區扣押兩艘漁船，並拘留20名船員。'],
    ['KADIZ by its Chinese name, China with Russia', '韩防空识别区再现中俄军机', '韩联参称，军机在未通报的情况下进入后离开。'],
    ['Chinese People’s Volunteers, Chinese', '纪念中国人民志愿军抗美援朝出国作战', '朝鲜领导人金正恩参谒志愿军烈士陵园。'],
    ['Chinese: the legislature’s head by name, no 中国 in the copy', '赵乐际会见朝鲜最高人民会议代表团', '全国人大常委会委员长在人民大会堂会见代表团，双方表示要加强两国立法机构交流。'],
    ['Ieodo: the reef implies the Korean side', '中 해경선, 이어도 해역 또 진입', '중국 해경 함정이 이어도 종합해양과학기지 인근 해역을 항해했다.'],
    ['a state measure against the other side’s national (counter-espionage law)', 'China indicts South Korean employee under anti-espionage law', 'Seoul asked Beijing to guarantee a fair trial for the man, held since last year.'],
    ['sanctions, Chinese: the verb last, far from North Korea', '美国宣布新一轮对朝制裁', '美国财政部周四对一家在中国注册、与朝鲜有长期贸易往来的航运公司及其子公司实施制裁。'],
    ['a Seoul ministry by its own name (환경부; China’s is 생태환경부)', '환경부, 中 생태환경부와 대기질 예보 정보 공유', '양국 환경 당국은 미세먼지 예보 정보를 실시간으로 주고받기로 했다.'],
    ['cultural row over the Danoje festival, no country named for Korea', '"강릉단오제는 중국 것"…中 누리꾼 도용 주장 논란', ''],
  ])('%s', (_name, title, summary) => {
    // Act
    const decision = rules.classify({ title, summary });
    // Assess
    expect(decision.kept, decision.reason).toBe(true);
    expect(decision.matches.length).toBeGreaterThan(0);
    expect(decision.topics.length).toBeGreaterThan(0);
  });
});

describe('default rules: dropped', () => {
  it.each([
    ['South Korea–Japan summit', 'South Korea, Japan leaders hold summit in Tokyo', 'President Lee Jae Myung and the Japanese prime minister agreed to deepen cooperation.'],
    ['South Korea–Japan summit, Korean', '한일 정상회담…셔틀외교 복원', '이재명 대통령과 일본 총리가 도쿄에서 정상회담을 열고 한일 관계 발전에 합의했다.'],
    ['trap 북중미', '2026 북중미 월드컵 예선 결과', '대표팀이 북중미 월드컵 본선 진출을 확정했다.'],
    ['trap 中企', '中企 수출 역대 최대', '중소기업 수출액이 3분기 사상 최대를 기록했다.'],
    ['trap 朝中社', '朝中社：朝鲜举行阅兵式', '据朝中社报道，朝鲜在平壤举行阅兵式。'],
    ['trap South China Sea', 'Philippine coastguard patrols the South China Sea', 'Research vessels operated near the shoal.'],
    ['trap 국경절 (National Day, not the border)', '국경절 맞은 中, 국내 소비 회복 기대', '중국 국경절 연휴를 앞두고 국내 소비가 살아날 것이라는 전망이 나온다.'],
    ['entertainment, Chinese: an actor comes to China', '韩国演员来华宣传新片 与粉丝互动', '这位韩国演员抵达北京，出席新片宣传活动。'],
    ['trap 京都 (Kyoto, not 京 Beijing)', '韩国总理访京都 出席韩日友好交流活动', '韩国国务总理抵达京都，出席韩日友好交流活动并发表演讲。'],
    ['implied side 국내 alone in the headline', '국내 中 유학생 수 역대 최대', '국내 대학에 다니는 중국인 유학생이 처음으로 8만 명을 넘었다.'],
    ['capitals as places: analysts in Seoul and Beijing', 'North Korea claims test of new solid-fuel motor', 'KCNA said the engine would power a new long-range missile; analysts in Seoul and Beijing said they were studying the images.'],
    ['venue only: US–China summit in Busan', 'Trump and Xi to meet in Busan, South Korea', 'The US and Chinese presidents will hold talks on trade.'],
    ['North Korea without China', 'North Korea test-fires new missiles', 'Kim Jong Un observed the launch.'],
    ['China without Korea', 'China and Congo upgrade ties', 'Xi Jinping met the Congolese president.'],
    ['sports result', 'South Korea beat China in World Cup qualifier', 'Son scored twice in Seoul.'],
    ['K-pop', 'K-pop band tops charts', 'The Korean group released a new album.'],
    ['China only as one of the US–China pair, Korea a bystander', '美中 관세 합의…韓 수출업계 "한숨 돌려"', '미국과 중국이 관세를 낮추기로 하면서 국내 수출기업들의 부담이 줄어들 전망이다.'],
    ['a board-game final', '한국 바둑, 中 꺾고 단체전 우승', '한국 대표팀이 결승에서 중국을 2-1로 이겼다.'],
    ['a firm named after Korea', '한국타이어, 中 공장 증설…연 1천만본 생산', '한국타이어가 중국 충칭 공장의 생산 설비를 늘린다.'],
    ['Chinese tourists in a road accident', '中 관광객 탄 버스 추돌…8명 부상', '서울 도심에서 중국인 관광객을 태운 버스가 앞차를 들이받았다.'],
    ['a Chinese national in a crime story', 'Chinese national jailed for phone scam in Busan', 'A court sentenced a Chinese man who collected cash for a phone scam ring.'],
    ['investors are a market, not investment', 'Seoul shares close higher as investors cheer Chinese data', 'Investors bought chip stocks after upbeat Chinese factory figures.'],
  ])('%s', (_name, title, summary) => {
    // Act
    const decision = rules.classify({ title, summary });
    // Assess
    expect(decision.kept, decision.reason).toBe(false);
    expect(decision.topics).toEqual([]);
  });
});

describe('default rules: file', () => {
  it('compiles without warnings and defines the feed topics', () => {
    // Assess
    expect(rules.warnings).toEqual([]);
    expect(rules.topics).toEqual(expect.arrayContaining(['china-north-korea', 'china-south-korea', 'diplomacy', 'sanctions', 'defectors', 'history']));
  });

  it('classifies the same input the same way twice (pure; safe for re-classifying stored stories)', () => {
    // Prepare
    const input = { title: '한중 정상회담', summary: '이재명 대통령과 시진핑 주석이 만났다.' };
    // Act
    const first = rules.classify(input);
    rules.classify({ title: 'unrelated', summary: 'weather' });
    const second = rules.classify(input);
    // Assess
    expect(second).toEqual(first);
  });
});
